import type {
  ListTagsForResourceInput,
  ListTagsForResourceOutput,
  ResourceTag,
  TagResourceInput,
  UntagResourceInput,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import type { DomainRecord } from './model.js';
import type { ServiceState } from './ServiceState.js';

/** SWF's quota of tags per domain (swf-semantics §20, §21.1). @internal */
export const MAX_TAGS = 50;

/**
 * The characters the model allows in tag keys and values: Unicode letters, digits, whitespace and
 * `_ . : / = + - @` (swf-semantics §3.1, §20), written as AWS's usual tag pattern.
 */
const TAG_PATTERN_TEXT = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
const TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Coral cuts rendered values at 100 UTF-16 code units (see validateInput). */
const RENDERED_VALUE_MAX = 100;

function render(value: string): string {
  return value.length <= RENDERED_VALUE_MAX ? value : `${value.slice(0, RENDERED_VALUE_MAX)}...`;
}

function patternProblem(value: string, path: string): string {
  return `Value '${render(value)}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_PATTERN_TEXT}`;
}

function throwProblems(problems: readonly string[]): void {
  if (problems.length === 0) return;
  const count = problems.length;
  throw new SwfFault(
    'ValidationException',
    `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
  );
}

/**
 * Checks the characters of tag keys and values (lengths were already checked by the generic
 * validation); `path` is the list's member name (`tags`). Throws a Coral ValidationException.
 * @internal
 */
export function checkTagCharacters(tags: readonly ResourceTag[], path: string): void {
  const problems: string[] = [];
  tags.forEach((tag, i) => {
    const key = tag.key as string;
    if (!TAG_PATTERN.test(key)) problems.push(patternProblem(key, `${path}.${i + 1}.member.key`));
    if (tag.value !== undefined && !TAG_PATTERN.test(tag.value)) {
      problems.push(patternProblem(tag.value, `${path}.${i + 1}.member.value`));
    }
  });
  throwProblems(problems);
}

/**
 * `existing` with `added` applied: a key already present gets the new value in place, a new key is
 * appended, a key repeated within `added` keeps its last value. Throws `TooManyTagsFault` when the
 * result would exceed {@link MAX_TAGS}. Does not modify its arguments.
 * @internal
 */
export function mergeTags(existing: readonly ResourceTag[], added: readonly ResourceTag[]): ResourceTag[] {
  const merged = new Map<string, ResourceTag>();
  for (const tag of [...existing, ...added]) {
    const key = tag.key as string;
    merged.set(key, { key, ...(tag.value !== undefined && { value: tag.value }) });
  }
  if (merged.size > MAX_TAGS) {
    throw new SwfFault(
      'TooManyTagsFault',
      `Too many tags: a domain can have at most ${MAX_TAGS} tags, this request would give it ${merged.size}`,
    );
  }
  return [...merged.values()];
}

/**
 * The domain a resource ARN names. Only domains are taggable, and only by the ARN DescribeDomain
 * reports (`arn:aws:swf:<region>:<account>:/domain/<name>`); anything else is
 * `UnknownResourceFault: Unknown resource: <arn>`.
 */
function domainByArn(s: ServiceState, arn: string): DomainRecord {
  const { region, accountId } = s.options;
  const prefix = `arn:aws:swf:${region}:${accountId}:/domain/`;
  const domain = arn.startsWith(prefix) ? s.domains.get(arn.slice(prefix.length)) : undefined;
  if (domain === undefined || domain.arn !== arn) {
    throw new SwfFault('UnknownResourceFault', `Unknown resource: ${arn}`);
  }
  return domain;
}

export function tagResource(s: ServiceState, input: TagResourceInput): void {
  const tags = input.tags ?? [];
  checkTagCharacters(tags, 'tags');
  const domain = domainByArn(s, input.resourceArn as string);
  domain.tags = mergeTags(domain.tags, tags);
}

export function untagResource(s: ServiceState, input: UntagResourceInput): void {
  const keys = input.tagKeys ?? [];
  const problems: string[] = [];
  keys.forEach((key, i) => {
    if (!TAG_PATTERN.test(key)) problems.push(patternProblem(key, `tagKeys.${i + 1}.member`));
  });
  throwProblems(problems);
  const domain = domainByArn(s, input.resourceArn as string);
  // Keys the domain does not have are ignored (swf-semantics §22.115).
  const removed = new Set(keys);
  domain.tags = domain.tags.filter((tag) => !removed.has(tag.key as string));
}

export function listTagsForResource(
  s: ServiceState,
  input: ListTagsForResourceInput,
): ListTagsForResourceOutput {
  const domain = domainByArn(s, input.resourceArn as string);
  return { tags: domain.tags.map((tag) => ({ ...tag })) };
}
