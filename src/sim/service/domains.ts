import type {
  DeprecateDomainInput,
  DescribeDomainInput,
  DomainDetail,
  DomainInfo,
  DomainInfos,
  ListDomainsInput,
  RegisterDomainInput,
  UndeprecateDomainInput,
} from '@aws-sdk/client-swf';
import { SwfFault } from '../faults/SwfFault.js';
import { newDomain, type DomainRecord } from './model.js';
import { paginate } from './pagination.js';
import type { ServiceState } from './ServiceState.js';
import { checkTagCharacters, mergeTags } from './tags.js';

/** SWF's quota: registered plus deprecated domains per account and region (swf-semantics §3.1). */
const MAX_DOMAINS = 100;
const PAGE_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

export function registerDomain(s: ServiceState, input: RegisterDomainInput): void {
  const name = input.name as string;
  const tags = input.tags ?? [];
  // Tag characters are part of request validation, which comes before any lookup.
  checkTagCharacters(tags, 'tags');
  if (s.domains.has(name)) throw new SwfFault('DomainAlreadyExistsFault', name);
  if (s.domains.size >= MAX_DOMAINS) {
    throw new SwfFault(
      'LimitExceededFault',
      `Domain limit exceeded: at most ${MAX_DOMAINS} domains per region`,
    );
  }
  const mergedTags = mergeTags([], tags);
  const { region, accountId } = s.options;
  s.domains.set(
    name,
    newDomain({
      name,
      status: 'REGISTERED',
      ...(input.description !== undefined && { description: input.description }),
      retentionPeriodInDays: input.workflowExecutionRetentionPeriodInDays as string,
      arn: `arn:aws:swf:${region}:${accountId}:/domain/${name}`,
      tags: mergedTags,
    }),
  );
}

function domainInfo(domain: DomainRecord): DomainInfo {
  return {
    name: domain.name,
    status: domain.status,
    ...(domain.description !== undefined && { description: domain.description }),
    arn: domain.arn,
  };
}

export function describeDomain(s: ServiceState, input: DescribeDomainInput): DomainDetail {
  const domain = s.domain(input.name as string);
  return {
    domainInfo: domainInfo(domain),
    configuration: { workflowExecutionRetentionPeriodInDays: domain.retentionPeriodInDays },
  };
}

export function listDomains(s: ServiceState, input: ListDomainsInput): DomainInfos {
  const matching = [...s.domains.values()]
    .filter((d) => d.status === input.registrationStatus)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (input.reverseOrder === true) matching.reverse();
  const query = `ListDomains|${input.registrationStatus}|${input.reverseOrder === true}`;
  const { page, nextPageToken } = paginate(matching, input, query, s.now(), PAGE_TOKEN_LIFETIME_MS);
  return { domainInfos: page.map(domainInfo), ...(nextPageToken !== undefined && { nextPageToken }) };
}

/**
 * REGISTERED → DEPRECATED, deprecating every registered workflow and activity type of the domain
 * with it (swf-semantics §3.2). Running executions go on; visibility keeps working.
 */
export function deprecateDomain(s: ServiceState, input: DeprecateDomainInput): void {
  const domain = s.domain(input.name as string);
  if (domain.status === 'DEPRECATED') throw new SwfFault('DomainDeprecatedFault', domain.name);
  domain.status = 'DEPRECATED';
  const nowMs = s.now();
  for (const types of [domain.workflowTypes, domain.activityTypes] as const) {
    for (const type of types.values()) {
      if (type.status !== 'REGISTERED') continue;
      type.status = 'DEPRECATED';
      type.deprecationMs = nowMs;
    }
  }
}

/**
 * DEPRECATED → REGISTERED. The types the domain's deprecation deprecated stay deprecated: each is
 * undeprecated on its own (swf-semantics §3.2 [I]; docs/divergences.md).
 */
export function undeprecateDomain(s: ServiceState, input: UndeprecateDomainInput): void {
  const domain = s.domain(input.name as string);
  if (domain.status === 'REGISTERED') throw new SwfFault('DomainAlreadyExistsFault', domain.name);
  domain.status = 'REGISTERED';
}
