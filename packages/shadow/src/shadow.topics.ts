export type ShadowOperation = 'get' | 'update' | 'delete';
export type ShadowResponse = 'accepted' | 'rejected' | 'delta' | 'documents';

/** A shadow topic: `$aws/things/{thing}/shadow[/name/{shadow}]/{operation}[/{response}]`. */
export interface ShadowTopic {
  thingName: string;
  /** Absent for the classic (unnamed) shadow. */
  shadowName?: string;
  operation: ShadowOperation;
  /** Absent on request topics (published by clients). */
  response?: ShadowResponse;
}

/** Filters matching every shadow request topic (classic and named), for subscribing the service. */
export const SHADOW_REQUEST_TOPIC_FILTERS = ['$aws/things/+/shadow/+', '$aws/things/+/shadow/name/+/+'] as const;

const OPERATIONS: ReadonlySet<string> = new Set<ShadowOperation>(['get', 'update', 'delete']);
const RESPONSES: Readonly<Record<ShadowOperation, ReadonlySet<string>>> = {
  get: new Set<ShadowResponse>(['accepted', 'rejected']),
  delete: new Set<ShadowResponse>(['accepted', 'rejected']),
  update: new Set<ShadowResponse>(['accepted', 'rejected', 'delta', 'documents']),
};

function operationAndResponse(rest: string[]): Pick<ShadowTopic, 'operation' | 'response'> | undefined {
  const [operation, response, ...extra] = rest;
  if (operation === undefined || !OPERATIONS.has(operation) || extra.length > 0) return undefined;
  const op = operation as ShadowOperation;
  if (response === undefined) return { operation: op };
  return RESPONSES[op].has(response) ? { operation: op, response: response as ShadowResponse } : undefined;
}

/**
 * Reads a shadow topic; `undefined` for anything else (including topics AWS might add later under
 * the prefix). Names are taken as they are: checking them against the name rules is up to the
 * caller, so that a bad name can be answered on the `/rejected` topic.
 */
export function parseShadowTopic(topic: string): ShadowTopic | undefined {
  const levels = topic.split('/');
  if (levels[0] !== '$aws' || levels[1] !== 'things' || levels[3] !== 'shadow') return undefined;
  const thingName = levels[2];
  if (thingName === undefined || thingName === '') return undefined;
  if (levels[4] === 'name') {
    const shadowName = levels[5];
    if (shadowName === undefined || shadowName === '') return undefined;
    const tail = operationAndResponse(levels.slice(6));
    return tail === undefined ? undefined : { thingName, shadowName, ...tail };
  }
  const tail = operationAndResponse(levels.slice(4));
  return tail === undefined ? undefined : { thingName, ...tail };
}

export function shadowTopicPrefix(thingName: string, shadowName?: string): string {
  const classic = `$aws/things/${thingName}/shadow`;
  return shadowName === undefined ? classic : `${classic}/name/${shadowName}`;
}

export function shadowTopic(topic: ShadowTopic): string {
  const base = `${shadowTopicPrefix(topic.thingName, topic.shadowName)}/${topic.operation}`;
  return topic.response === undefined ? base : `${base}/${topic.response}`;
}
