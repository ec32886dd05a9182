/**
 * Container image references as Docker (and the ECS agent, which uses Docker's parser) accept
 * them, following the reference grammar of github.com/distribution/reference:
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [domain "/"] path-component ["/" path-component]*   (255 characters at most)
 *   domain     := host [":" port]           (letters, digits, - and . ; may be upper case)
 *   path-component := [a-z0-9]+ ([._]|__|[-]+ [a-z0-9]+)*          (lower case only)
 *   tag        := [\w][\w.-]{0,127}
 *   digest     := "sha256:" 64 lower-case hex digits
 *
 * https://github.com/distribution/reference/blob/main/reference.go
 * https://docs.docker.com/reference/cli/docker/image/tag/
 */

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const NAME_MAX = 255;

/** Splits `name[:tag][@digest]`; the tag's colon is the last one after the last slash. */
function split(value: string): { name: string; tag?: string; digest?: string } {
  const at = value.indexOf("@");
  const digest = at >= 0 ? value.slice(at + 1) : undefined;
  const rest = at >= 0 ? value.slice(0, at) : value;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

/** Whether the first component is a registry host: Docker's rule (a dot, a colon, localhost or upper case). */
function hasDomain(name: string): boolean {
  const slash = name.indexOf("/");
  if (slash < 0) return false;
  const first = name.slice(0, slash);
  return /[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase() || first.startsWith("[");
}

/** Problem with an image reference, as the "allowed" phrase; undefined when Docker accepts it. */
export function imageReference(value: string): string | undefined {
  const allowed = "an image reference Docker accepts, like nginx:1.27, public.ecr.aws/nginx/nginx:1.27 or name@sha256:<64 hex digits>";
  const { name, tag, digest } = split(value);
  if (name.length === 0) return allowed;
  if (name.length > NAME_MAX) return `an image reference whose name (registry and repository) is at most ${NAME_MAX} characters`;
  const domain = hasDomain(name) ? name.slice(0, name.indexOf("/")) : undefined;
  const path = domain === undefined ? name : name.slice(domain.length + 1);
  if (domain !== undefined && !new RegExp(`^${DOMAIN}$`).test(domain)) return `${allowed} (${JSON.stringify(domain)} is not a registry host)`;
  if (!new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`).test(path)) {
    return `${allowed}: the repository ${JSON.stringify(path)} must be lower-case letters, digits and single . _ or - between them`;
  }
  if (tag !== undefined && !TAG.test(tag)) return `${allowed}: the tag ${JSON.stringify(tag)} must be 1 to 128 letters, digits, _ . - not starting with . or -`;
  if (digest !== undefined && !DIGEST.test(digest)) return `${allowed}: the digest must be sha256: and 64 lower-case hex digits`;
  return undefined;
}
