/**
 * Tags as every AWS service takes them (the config's tags reach every resource through the
 * provider's default tags, so the strictest common rules apply): keys of 1 to 128 and values of
 * 0 to 256 Unicode letters, digits, spaces and `_ . : / = + - @`; keys must not start with the
 * reserved `aws:` prefix (in any case).
 *
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions
 */

const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Problem with a tag key, as the "allowed" phrase; undefined when AWS accepts it. */
export function tagKey(key: string): string | undefined {
  if (/^aws:/i.test(key)) return 'a tag key of your own: the "aws:" prefix is reserved for AWS';
  if (key.length < 1 || key.length > 128 || !TAG_CHARACTERS.test(key)) {
    return "a tag key of 1 to 128 letters, digits, spaces and _.:/=+-@";
  }
  return undefined;
}

/** Problem with a tag value, as the "allowed" phrase; undefined when AWS accepts it. */
export function tagValue(value: string): string | undefined {
  return value.length <= 256 && TAG_CHARACTERS.test(value) ? undefined : "a tag value of 0 to 256 letters, digits, spaces and _.:/=+-@";
}

/** Problem with the keys of a map of tags, naming the first bad key; undefined when all are fine. */
export function tagKeys(tags: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(tags)) {
    const problem = tagKey(key);
    if (problem) return `${problem} (key ${JSON.stringify(key)})`;
  }
  return undefined;
}
