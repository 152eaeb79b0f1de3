/** The public product catalogue's detail (GET /api/providers/catalogue/{id}, no login). One function per endpoint. */
import type { components } from './schema'
import { api } from './typed'

export type CatalogueProduct = components['schemas']['CatalogueProductOut']
export type CatalogueProductBrief = components['schemas']['CatalogueProductBriefOut']

/** A published product; 404 for a draft, one under review, an offline or unknown product. */
export const publicProductGet = (productId: number) =>
  api.get('/api/providers/catalogue/{product_id}', { silent: true, skipAuthRedirect: true, path: { product_id: productId } })
