/**
 * How botbuilder-azure-blobs 4.23.3 names the blob that holds a storage key (its `sanitizeBlobKey`, which the package
 * does not export), so that {@link AzureBlobsStorage} writes exactly the blobs `BlobsStorage` reads and deletes.
 *
 * The name is `encodeURIComponent` of the key with its empty path segments dropped, cut at 1,024 characters. So the
 * mapping is lossy: `a/b`, `a/b/` and `a//b` share one blob, and so do keys whose first 1,024 encoded characters are the
 * same. botbuilder's state keys end with a slash (`webchat/conversations/<id>/`), which the name therefore loses;
 * AzureBlobsStorage keeps the exact key in the blob's metadata for listing.
 */

/** Longest blob name BlobsStorage produces. */
export const MAX_BLOB_NAME_LENGTH = 1024;

/** The name of the blob BlobsStorage uses for `key`. Throws on an empty key, like BlobsStorage. */
export function blobNameForKey(key: string): string {
  if (!key) throw new TypeError('Azure Blob Storage keys must be non-empty strings.');
  const parts = key.split('/');
  // BlobsStorage's reduce: the first part starts the name (even when empty); later empty parts are dropped; past the
  // 255th part, parts are glued on without a slash.
  let name = parts[0] as string;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part) name = [name, part].join(i < 255 ? '/' : '');
  }
  return encodeURIComponent(name).slice(0, MAX_BLOB_NAME_LENGTH);
}

/**
 * The key a blob name stands for, when the blob carries no key in its metadata (it was written by plain BlobsStorage):
 * the decoded name, which lacks any trailing or doubled slash the key had. Undefined when the name is not one
 * BlobsStorage writes (it holds a literal slash, or a `%` escape was cut by the 1,024-character limit).
 */
export function keyFromBlobName(name: string): string | undefined {
  if (name.includes('/')) return undefined;
  try {
    return decodeURIComponent(name);
  } catch {
    return undefined;
  }
}

/**
 * The blob-name prefix under which every key starting with `prefix` is stored, or '' when there is none narrower than
 * the whole container (a prefix with an empty segment, whose keys BlobsStorage may have renamed).
 */
export function blobNamePrefixFor(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '' || trimmed.startsWith('/') || trimmed.includes('//')) return '';
  return encodeURIComponent(trimmed).slice(0, MAX_BLOB_NAME_LENGTH);
}
