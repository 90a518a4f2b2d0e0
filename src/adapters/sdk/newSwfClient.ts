import { SWFClient, type SWFClientConfig } from '@aws-sdk/client-swf';

/** The SDK's switch for its notice that its releases after January 2027 need Node 22. */
const NODE_NOTICE_OFF = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * `new SWFClient(config)` without the SDK's Node-version notice in the user's test output. The SDK
 * prints the notice from the first client constructor of a process, unless the variable above is
 * `true` at that moment; it is set for the (synchronous) constructor only and put back afterwards,
 * so the user's environment is left as it was. A value the user set is respected either way.
 * @internal
 */
export function newSwfClient(config: SWFClientConfig): SWFClient {
  const before = process.env[NODE_NOTICE_OFF];
  if (before !== undefined && before !== '') return new SWFClient(config);
  process.env[NODE_NOTICE_OFF] = 'true';
  try {
    return new SWFClient(config);
  } finally {
    if (before === undefined) delete process.env[NODE_NOTICE_OFF];
    else process.env[NODE_NOTICE_OFF] = before;
  }
}
