import { isJsonObject, type JsonValue, setOwn } from './json.js';

export interface LeafMetadata {
  timestamp: number;
}
export type MetadataNode = LeafMetadata | MetadataObject | MetadataNode[];
export interface MetadataObject {
  [key: string]: MetadataNode;
}

/**
 * Metadata mirrors the data: an object gets an object of metadata, an array an array of per-element
 * metadata, and every leaf (string, number, boolean, or a `null` in a request) `{ timestamp }`.
 */
export function metadataOf(value: JsonValue, timestamp: number): MetadataNode {
  if (Array.isArray(value)) return value.map((item) => metadataOf(item, timestamp));
  if (isJsonObject(value)) {
    const out: MetadataObject = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, metadataOf(item, timestamp));
    return out;
  }
  return { timestamp };
}

export function isMetadataObject(node: MetadataNode | undefined): node is MetadataObject {
  return node !== undefined && !Array.isArray(node) && typeof node.timestamp !== 'number';
}
