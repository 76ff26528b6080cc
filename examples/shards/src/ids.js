// Ids per namespace. A set's ids are unique across its namespaces, so two
// tenants writing the id "doc-1" would otherwise meet on one row (the second
// upsert would move the first tenant's row into its own namespace). Rows of
// a namespace other than "" are stored under `${namespace}\u001f${id}`; ids
// with that separator are refused, so no id written in one namespace names
// a row of another. Rows of "" keep their ids as given (what `simgate pack`
// writes for rows without a namespace).
import { HttpError } from '../../shared/auth.js';

const SEP = '\u001f';

/** The id a tenant's `id` is stored under in `namespace`. */
export function storedId(namespace, id) {
  if (id.includes(SEP)) throw new HttpError(400, 'ids may not contain the character U+001F');
  return namespace ? `${namespace}${SEP}${id}` : id;
}

/** A stored id as the tenant of `namespace` wrote it. */
export function shownId(namespace, id) {
  const prefix = namespace ? `${namespace}${SEP}` : '';
  return prefix && id.startsWith(prefix) ? id.slice(prefix.length) : id;
}
