import {
  DeprecateDomainCommand,
  DescribeDomainCommand,
  ListDomainsCommand,
  ListTagsForResourceCommand,
  RegisterDomainCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type ResourceTag,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulation, type Simulation } from '../../src/adapters/testing/harness/createSimulation.js';
import { rejectionOf } from '../support/workflows.js';

const D = 'tagged';
const ARN = `arn:aws:swf:us-east-1:123456789012:/domain/${D}`;

let sim: Simulation;
let swf: SWFClient;

beforeEach(async () => {
  sim = createSimulation({ seed: 'tags' });
  swf = sim.client();
  await swf.send(
    new RegisterDomainCommand({
      name: D,
      workflowExecutionRetentionPeriodInDays: '1',
      tags: [{ key: 'team', value: 'payments' }, { key: 'flag' }],
    }),
  );
});

afterEach(() => sim.close());

const tagsOf = async (resourceArn = ARN) =>
  (await swf.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

/** `count` distinct tags `k<from>`…, each with value `v`. */
const manyTags = (count: number, from = 0): ResourceTag[] =>
  Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: 'v' }));

describe('tags: domain tags', () => {
  it('tags: ListTagsForResource: returns the tags given at RegisterDomain, by the ARN DescribeDomain reports', async () => {
    const { domainInfo } = await swf.send(new DescribeDomainCommand({ name: D }));
    expect(domainInfo?.arn).toBe(ARN);
    expect(await tagsOf(domainInfo?.arn)).toStrictEqual([
      { key: 'team', value: 'payments' },
      { key: 'flag' },
    ]);
  });

  it('tags: ListTagsForResource: a domain registered without tags has an empty list', async () => {
    await swf.send(new RegisterDomainCommand({ name: 'bare', workflowExecutionRetentionPeriodInDays: '1' }));
    expect(await tagsOf('arn:aws:swf:us-east-1:123456789012:/domain/bare')).toStrictEqual([]);
  });

  it('tags: TagResource: appends new keys and overwrites an existing key in place', async () => {
    await swf.send(
      new TagResourceCommand({
        resourceArn: ARN,
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'risk' },
        ],
      }),
    );
    expect(await tagsOf()).toStrictEqual([
      { key: 'team', value: 'risk' },
      { key: 'flag' },
      { key: 'env', value: 'prod' },
    ]);
  });

  it('tags: TagResource: a tag without a value replaces the old value with none', async () => {
    await swf.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'team' }] }));
    expect(await tagsOf()).toStrictEqual([{ key: 'team' }, { key: 'flag' }]);
  });

  it('tags: TagResource: a key repeated in one request keeps its last value', async () => {
    await swf.send(
      new TagResourceCommand({
        resourceArn: ARN,
        tags: [
          { key: 'env', value: 'a' },
          { key: 'env', value: 'b' },
        ],
      }),
    );
    expect(await tagsOf()).toStrictEqual([
      { key: 'team', value: 'payments' },
      { key: 'flag' },
      { key: 'env', value: 'b' },
    ]);
  });

  it('tags: TagResource: keys and values may hold letters of any script, digits, whitespace and _ . : / = + - @', async () => {
    const tag = { key: 'Größe 9_.:/=+-@', value: '値 äöü 1_.:/=+-@' };
    await swf.send(new TagResourceCommand({ resourceArn: ARN, tags: [tag] }));
    expect((await tagsOf())?.at(-1)).toStrictEqual(tag);
  });

  it('tags: UntagResource: removes the named keys and ignores keys the domain does not have', async () => {
    await swf.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ['team', 'missing'] }));
    expect(await tagsOf()).toStrictEqual([{ key: 'flag' }]);
  });

  it('tags: TagResource: reaching exactly 50 tags is accepted, overwrites not counting twice', async () => {
    await swf.send(
      new TagResourceCommand({ resourceArn: ARN, tags: [...manyTags(48), { key: 'team', value: 'x' }] }),
    );
    expect(await tagsOf()).toHaveLength(50);
  });

  it('tags: TagResource: going over 50 tags is a TooManyTagsFault and applies none of the request', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new TagResourceCommand({
            resourceArn: ARN,
            tags: [...manyTags(48), { key: 'one-more' }, { key: 'team', value: 'x' }],
          }),
        ),
      ),
    ).toStrictEqual({
      name: 'TooManyTagsFault',
      message: 'Too many tags: a domain can have at most 50 tags, this request would give it 51',
    });
    expect(await tagsOf()).toStrictEqual([{ key: 'team', value: 'payments' }, { key: 'flag' }]);
  });

  it('tags: RegisterDomain: more than 50 tags is a TooManyTagsFault and registers nothing', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new RegisterDomainCommand({
            name: 'big',
            workflowExecutionRetentionPeriodInDays: '1',
            tags: manyTags(51),
          }),
        ),
      ),
    ).toStrictEqual({
      name: 'TooManyTagsFault',
      message: 'Too many tags: a domain can have at most 50 tags, this request would give it 51',
    });
    const { domainInfos } = await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    expect(domainInfos?.map((d) => d.name)).toStrictEqual([D]);
  });

  it('tags: RegisterDomain: 50 tags are accepted', async () => {
    await swf.send(
      new RegisterDomainCommand({
        name: 'big',
        workflowExecutionRetentionPeriodInDays: '1',
        tags: manyTags(50),
      }),
    );
    expect(await tagsOf('arn:aws:swf:us-east-1:123456789012:/domain/big')).toStrictEqual(manyTags(50));
  });

  it('tags: TagResource: a character outside letters, digits, whitespace and _ . : / = + - @ is a ValidationException naming the member', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new TagResourceCommand({
            resourceArn: ARN,
            tags: [
              { key: 'ok', value: 'fine' },
              { key: 'a#b', value: 'c*d' },
            ],
          }),
        ),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value 'a#b' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$; Value 'c*d' at 'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
    });
    expect(await tagsOf()).toStrictEqual([{ key: 'team', value: 'payments' }, { key: 'flag' }]);
  });

  it('tags: RegisterDomain: a tag key with a disallowed character is a ValidationException and registers nothing', async () => {
    expect(
      await rejectionOf(
        swf.send(
          new RegisterDomainCommand({
            name: 'x',
            workflowExecutionRetentionPeriodInDays: '1',
            tags: [{ key: 'a,b' }],
          }),
        ),
      ),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'a,b' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
    });
    expect(await rejectionOf(swf.send(new DescribeDomainCommand({ name: 'x' })))).toStrictEqual({
      name: 'UnknownResourceFault',
      message: 'Unknown domain: x',
    });
  });

  it('tags: UntagResource: a key with a disallowed character is a ValidationException and removes nothing', async () => {
    expect(
      await rejectionOf(swf.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ['team', 'a!'] }))),
    ).toStrictEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'a!' at 'tagKeys.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
    });
    expect(await tagsOf()).toHaveLength(2);
  });

  it('tags: TagResource: a key longer than 128 characters is a ValidationException', async () => {
    const key = 'k'.repeat(129);
    const fault = await rejectionOf(swf.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key }] })));
    expect(fault).toStrictEqual({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${'k'.repeat(100)}...' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
    expect(await tagsOf()).toHaveLength(2);
  });

  it('tags: unknown ARN: the ARN of a domain never registered is an UnknownResourceFault in all three operations', async () => {
    const arn = 'arn:aws:swf:us-east-1:123456789012:/domain/nope';
    const expected = { name: 'UnknownResourceFault', message: `Unknown resource: ${arn}` };
    expect(await rejectionOf(swf.send(new ListTagsForResourceCommand({ resourceArn: arn })))).toStrictEqual(
      expected,
    );
    expect(
      await rejectionOf(swf.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a' }] }))),
    ).toStrictEqual(expected);
    expect(
      await rejectionOf(swf.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }))),
    ).toStrictEqual(expected);
  });

  it('tags: unknown ARN: another region, another account, a bare domain name or a malformed ARN is an UnknownResourceFault', async () => {
    for (const arn of [
      `arn:aws:swf:eu-west-1:123456789012:/domain/${D}`,
      `arn:aws:swf:us-east-1:999999999999:/domain/${D}`,
      D,
      `arn:aws:swf:us-east-1:123456789012:domain/${D}`,
    ]) {
      expect(
        await rejectionOf(swf.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a' }] }))),
      ).toStrictEqual({
        name: 'UnknownResourceFault',
        message: `Unknown resource: ${arn}`,
      });
    }
    expect(await tagsOf()).toHaveLength(2);
  });

  it('tags: ARN: a simulation with another region and account tags by its own ARN', async () => {
    const other = createSimulation({ seed: 'tags', region: 'eu-west-1', accountId: '111122223333' });
    const client = other.client();
    await client.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
    const arn = 'arn:aws:swf:eu-west-1:111122223333:/domain/d';
    expect((await client.send(new DescribeDomainCommand({ name: 'd' }))).domainInfo?.arn).toBe(arn);
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: 'b' }] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toStrictEqual([
      { key: 'a', value: 'b' },
    ]);
    other.close();
  });

  it('tags: deprecated domain: its tags can still be listed and changed', async () => {
    await swf.send(new DeprecateDomainCommand({ name: D }));
    await swf.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: 'env', value: 'old' }] }));
    await swf.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ['flag'] }));
    expect(await tagsOf()).toStrictEqual([
      { key: 'team', value: 'payments' },
      { key: 'env', value: 'old' },
    ]);
  });
});
