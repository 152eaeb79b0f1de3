import { ref, type Ref } from 'vue'

import { regionTree } from '@/api/regions'
import type { RegionNode } from '@/api/types'

const tree = ref<RegionNode[]>([])
let pending: Promise<RegionNode[]> | null = null

/** The administrative-division tree (current divisions), fetched once and shared by every region picker. */
export function useRegionTree(publicPage = false): { tree: Ref<RegionNode[]>; load: (force?: boolean) => Promise<RegionNode[]> } {
  async function load(force = false): Promise<RegionNode[]> {
    if (!force && tree.value.length) return tree.value
    if (!force && pending) return pending
    pending = regionTree(publicPage)
      .then((nodes) => {
        tree.value = nodes
        return nodes
      })
      .finally(() => {
        pending = null
      })
    return pending
  }
  return { tree, load }
}

/** Finds a node by code anywhere in the tree. */
export function findRegion(nodes: readonly RegionNode[], code: string): RegionNode | null {
  for (const node of nodes) {
    if (node.code === code) return node
    const found = findRegion(node.children ?? [], code)
    if (found) return found
  }
  return null
}
