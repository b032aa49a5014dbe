import { DomainError } from '@meridian/contracts';
import { KeyedQueue } from './keyed-queue.js';
import { RateLimiter } from './rate-limiter.js';
import {
  type DeleteAcceptedDocument,
  deleteAcceptedDocument,
  documentsJson,
  errorDocument,
  type GetAcceptedDocument,
  getAcceptedDocument,
  type ShadowDocument,
  type UpdateAcceptedDocument,
} from './shadow.document.js';
import { ShadowError, shadowError } from './shadow.errors.js';
import { isValidShadowName, isValidThingName } from './shadow.limits.js';
import { parseTokenRequest, parseUpdateRequest, type UpdateRequest } from './shadow.request.js';
import { defaultShadowSettings, type ShadowSettings } from './shadow.settings.js';
import type { ShadowKey, ShadowStore } from './shadow.store.js';
import { parseShadowTopic, type ShadowTopic, shadowTopic } from './shadow.topics.js';
import { applyUpdate, currentVersion, type UpdateOutcome } from './shadow.update.js';

export type ShadowAction =
  | 'iot:GetThingShadow'
  | 'iot:UpdateThingShadow'
  | 'iot:DeleteThingShadow'
  | 'iot:ListNamedShadowsForThing';

export interface ShadowServicePorts<Principal> {
  store: ShadowStore;
  /** Publishes a response on the MQTT side (`/accepted`, `/rejected`, `/delta`, `/documents`). */
  publish(topic: string, payload: Buffer): void | Promise<void>;
  /**
   * Authorization of the HTTP-style methods (the policy engine's `iot:*ThingShadow` actions).
   * Defaults to allow. MQTT requests are not passed through it: over MQTT the broker's topic
   * permissions (`iot:Publish`, `iot:Receive`) are what AWS checks.
   */
  authorize?(
    action: ShadowAction,
    thingName: string,
    shadowName: string | undefined,
    principal: Principal,
  ): boolean | Promise<boolean>;
  /**
   * When given, shadows of things it denies are refused with 404 "Thing not found". Without it any
   * well-formed thing name has shadows, as on AWS (shadows do not depend on the registry).
   */
  thingExists?(thingName: string): boolean | Promise<boolean>;
  /** Epoch seconds. */
  clock?(): number;
  /** Milliseconds since any fixed point, for the request rate limit; defaults to `performance.now()`. */
  monotonicClock?(): number;
  logger?: { error(obj: object, msg?: string): void };
}

export interface ShadowRequest<Principal> {
  thingName: string;
  /** Absent for the classic shadow. */
  shadowName?: string;
  principal: Principal;
}

export interface ListNamedShadowsResult {
  results: string[];
  /** Absent on the last page. */
  nextToken?: string;
  timestamp: number;
}

// Only another node sharing the database can change a shadow between load and save (requests are
// serialized per thing here); an update without `version` is then re-applied to the newer shadow.
const MAX_SAVE_ATTEMPTS = 3;
const MAX_PAGE_SIZE = 100;

const systemClock = () => Math.floor(Date.now() / 1000);

/**
 * The Device Shadow service: MQTT requests through `handleMqtt`, HTTP-style calls through
 * `getShadow`/`updateShadow`/`deleteShadow`/`listNamedShadows` (which throw `ShadowError`, a
 * `DomainError`). Requests for one thing run one after another; every accepted change is stored
 * before any response is published or returned.
 */
export class ShadowService<Principal = unknown> {
  readonly settings: Readonly<ShadowSettings>;
  private readonly store: ShadowStore;
  private readonly clock: () => number;
  private readonly monotonicClock: () => number;
  private readonly queue = new KeyedQueue();
  private readonly rates: RateLimiter;
  private readonly clientInFlight = new Map<string, number>();

  constructor(
    private readonly ports: ShadowServicePorts<Principal>,
    settings: Partial<ShadowSettings> = {},
  ) {
    this.settings = { ...defaultShadowSettings, ...settings };
    this.store = ports.store;
    this.clock = ports.clock ?? systemClock;
    this.monotonicClock = ports.monotonicClock ?? (() => performance.now());
    this.rates = new RateLimiter(this.settings.maxRequestsPerSecondPerThing, this.monotonicClock());
  }

  /**
   * Handles a publish on a shadow request topic (`…/get`, `…/update`, `…/delete`) and publishes the
   * responses. Returns false, doing nothing, for any other topic (response topics included).
   */
  async handleMqtt(topic: string, payload: Uint8Array, clientId: string): Promise<boolean> {
    const parsed = parseShadowTopic(topic);
    if (parsed === undefined || parsed.response !== undefined) return false;
    const inFlight = this.clientInFlight.get(clientId) ?? 0;
    this.clientInFlight.set(clientId, inFlight + 1);
    let clientToken: string | undefined;
    try {
      const key = this.keyOf(parsed.thingName, parsed.shadowName);
      const refuseIfBusy = () => {
        if (inFlight >= this.settings.maxInFlightPerClient) throw shadowError('SHADOW_ERR_THROTTLED');
      };
      if (parsed.operation === 'update') {
        const request = parseUpdateRequest(payload, this.settings);
        clientToken = request.clientToken;
        refuseIfBusy();
        await this.serialized(key, () => this.update(key, request));
      } else {
        clientToken = parseTokenRequest(payload, this.settings).clientToken;
        refuseIfBusy();
        if (parsed.operation === 'get') {
          const document = await this.serialized(key, () => this.get(key, clientToken));
          await this.send({ ...parsed, response: 'accepted' }, document);
        } else {
          await this.serialized(key, () => this.delete(key, clientToken));
        }
      }
    } catch (error) {
      const rejection = this.asShadowError(error, clientToken);
      await this.send({ ...parsed, response: 'rejected' }, errorDocument(rejection, this.clock()));
    } finally {
      const left = (this.clientInFlight.get(clientId) ?? 1) - 1;
      if (left === 0) this.clientInFlight.delete(clientId);
      else this.clientInFlight.set(clientId, left);
    }
    return true;
  }

  /** GetThingShadow. */
  async getShadow(request: ShadowRequest<Principal>): Promise<GetAcceptedDocument> {
    const key = await this.authorizedKey('iot:GetThingShadow', request);
    return this.refusing(undefined, () => this.serialized(key, () => this.get(key, undefined)));
  }

  /** UpdateThingShadow: the body is the request state document; also publishes the MQTT responses. */
  async updateShadow(
    request: ShadowRequest<Principal> & { payload: Uint8Array | string },
  ): Promise<UpdateAcceptedDocument> {
    const key = await this.authorizedKey('iot:UpdateThingShadow', request);
    const update = parseUpdateRequest(request.payload, this.settings);
    const outcome = await this.refusing(update.clientToken, () => this.serialized(key, () => this.update(key, update)));
    return outcome.accepted;
  }

  /** DeleteThingShadow; also publishes `/delete/accepted`. */
  async deleteShadow(request: ShadowRequest<Principal>): Promise<DeleteAcceptedDocument> {
    const key = await this.authorizedKey('iot:DeleteThingShadow', request);
    return this.refusing(undefined, () => this.serialized(key, () => this.delete(key, undefined)));
  }

  /** ListNamedShadowsForThing: live named shadows in name order; an unknown thing has none. */
  async listNamedShadows(request: {
    thingName: string;
    principal: Principal;
    nextToken?: string;
    pageSize?: number;
  }): Promise<ListNamedShadowsResult> {
    const { thingName } = this.keyOf(request.thingName, undefined);
    await this.authorizeOrThrow('iot:ListNamedShadowsForThing', thingName, undefined, request.principal);
    const pageSize = request.pageSize ?? this.settings.defaultPageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw shadowError('SHADOW_ERR_INVALID_PAGE_SIZE');
    }
    const after = request.nextToken === undefined ? undefined : this.decodeNextToken(request.nextToken);
    const timestamp = this.clock();
    if (this.ports.thingExists !== undefined && !(await this.ports.thingExists(thingName))) {
      return { results: [], timestamp };
    }
    const names = await this.refusing(undefined, async () =>
      this.store.listNamedShadows(thingName, { ...(after === undefined ? {} : { after }), limit: pageSize + 1 }),
    );
    if (names.length <= pageSize) return { results: names, timestamp };
    const results = names.slice(0, pageSize);
    return { results, nextToken: Buffer.from(results.at(-1) ?? '').toString('base64url'), timestamp };
  }

  /** Stored versions of a shadow, newest first (console history; not an AWS API). */
  async listVersions(
    request: ShadowRequest<Principal> & { limit?: number; beforeVersion?: number },
  ): Promise<ShadowDocument[]> {
    const key = await this.authorizedKey('iot:GetThingShadow', request);
    const limit = request.limit ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw shadowError('SHADOW_ERR_INVALID_PAGE_SIZE');
    const page = { limit, ...(request.beforeVersion === undefined ? {} : { beforeVersion: request.beforeVersion }) };
    return this.refusing(undefined, async () => this.store.listVersions(key, page));
  }

  /** One stored version of a shadow (console diff; not an AWS API). */
  async getVersion(request: ShadowRequest<Principal> & { version: number }): Promise<ShadowDocument> {
    const key = await this.authorizedKey('iot:GetThingShadow', request);
    const found = await this.refusing(undefined, async () => this.store.loadVersion(key, request.version));
    if (found === undefined) {
      throw shadowError('SHADOW_ERR_VERSION_NOT_FOUND', request.version, key.shadowName ?? key.thingName);
    }
    return found;
  }

  private async update(key: ShadowKey, request: UpdateRequest): Promise<UpdateOutcome> {
    await this.requireThing(key.thingName);
    for (let attempt = 1; ; attempt += 1) {
      const now = this.clock();
      const { shadow, tombstone, serialized } = await this.store.load(key);
      const version = currentVersion(shadow, tombstone, now, this.settings.tombstoneRetentionSeconds);
      const outcome = applyUpdate({ shadow, version, request, now, limits: this.settings });
      const saved = await this.store.save({
        key,
        document: outcome.document,
        serialized: outcome.serialized,
        expectedVersion: shadow?.version,
        keepVersions: this.settings.keepVersions,
      });
      if (saved) {
        const topic = { ...key, operation: 'update' } as const;
        await this.send({ ...topic, response: 'accepted' }, outcome.accepted);
        await this.sendJson(
          { ...topic, response: 'documents' },
          documentsJson(outcome.documents, serialized, outcome.serialized),
        );
        if (outcome.delta !== undefined) await this.send({ ...topic, response: 'delta' }, outcome.delta);
        return outcome;
      }
      if (request.version !== undefined || attempt === MAX_SAVE_ATTEMPTS) {
        throw shadowError('SHADOW_ERR_VERSION_CONFLICT');
      }
    }
  }

  private async get(key: ShadowKey, clientToken: string | undefined): Promise<GetAcceptedDocument> {
    await this.requireThing(key.thingName);
    const { shadow } = await this.store.load(key);
    if (shadow === undefined) throw this.notFound(key);
    return getAcceptedDocument(shadow, this.clock(), clientToken);
  }

  private async delete(key: ShadowKey, clientToken: string | undefined): Promise<DeleteAcceptedDocument> {
    await this.requireThing(key.thingName);
    for (let attempt = 1; ; attempt += 1) {
      const { shadow } = await this.store.load(key);
      if (shadow === undefined) throw this.notFound(key);
      const now = this.clock();
      if (await this.store.delete(key, shadow.version, now)) {
        // The version the shadow had when it was deleted (AWS leaves open whether it is incremented).
        const accepted = deleteAcceptedDocument(shadow.version, now, clientToken);
        await this.send({ ...key, operation: 'delete', response: 'accepted' }, accepted);
        return accepted;
      }
      if (attempt === MAX_SAVE_ATTEMPTS) throw shadowError('SHADOW_ERR_VERSION_CONFLICT');
    }
  }

  private notFound(key: ShadowKey): ShadowError {
    // AWS quotes the shadow's name; the classic shadow has none, so the thing's name stands in.
    return shadowError('SHADOW_ERR_NOT_FOUND', key.shadowName ?? key.thingName);
  }

  private async requireThing(thingName: string): Promise<void> {
    if (this.ports.thingExists !== undefined && !(await this.ports.thingExists(thingName))) {
      throw shadowError('SHADOW_ERR_THING_NOT_FOUND');
    }
  }

  /** Runs a get, update or delete after the thing's other requests, unless the thing is over a limit. */
  private serialized<T>(key: ShadowKey, task: () => Promise<T>): Promise<T> {
    if (!this.rates.allow(key.thingName, this.monotonicClock())) {
      return Promise.reject(shadowError('SHADOW_ERR_RATE_LIMITED'));
    }
    if (this.queue.size(key.thingName) >= this.settings.maxInFlightPerThing) {
      return Promise.reject(shadowError('SHADOW_ERR_THROTTLED'));
    }
    return this.queue.run(key.thingName, task);
  }

  private keyOf(thingName: string, shadowName: string | undefined): ShadowKey {
    if (!isValidThingName(thingName, this.settings)) throw shadowError('SHADOW_ERR_INVALID_THING_NAME', thingName);
    if (shadowName === undefined) return { thingName };
    if (!isValidShadowName(shadowName, this.settings)) throw shadowError('SHADOW_ERR_INVALID_SHADOW_NAME', shadowName);
    return { thingName, shadowName };
  }

  private async authorizedKey(action: ShadowAction, request: ShadowRequest<Principal>): Promise<ShadowKey> {
    const key = this.keyOf(request.thingName, request.shadowName);
    await this.authorizeOrThrow(action, key.thingName, key.shadowName, request.principal);
    return key;
  }

  private async authorizeOrThrow(
    action: ShadowAction,
    thingName: string,
    shadowName: string | undefined,
    principal: Principal,
  ): Promise<void> {
    const authorize = this.ports.authorize;
    if (authorize !== undefined && !(await authorize(action, thingName, shadowName, principal))) {
      throw shadowError('SHADOW_ERR_FORBIDDEN');
    }
  }

  private decodeNextToken(token: string): string {
    const name = Buffer.from(token, 'base64url').toString('utf8');
    if (!isValidShadowName(name, this.settings)) throw shadowError('SHADOW_ERR_INVALID_NEXT_TOKEN');
    return name;
  }

  /** Runs a step of an HTTP-style call, turning any failure into a `DomainError` with the clientToken. */
  private async refusing<T>(clientToken: string | undefined, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.asShadowError(error, clientToken);
    }
  }

  private asShadowError(error: unknown, clientToken: string | undefined): DomainError {
    if (error instanceof ShadowError)
      return error.clientToken === undefined ? error.withClientToken(clientToken) : error;
    if (error instanceof DomainError) return error;
    this.ports.logger?.error({ err: error }, 'shadow request failed');
    return shadowError('SHADOW_ERR_INTERNAL').withClientToken(clientToken);
  }

  /** Publishes a response; a failure is logged, never turned into a refusal of a stored change. */
  private send(topic: ShadowTopic, document: object): Promise<void> {
    return this.sendJson(topic, JSON.stringify(document));
  }

  private async sendJson(topic: ShadowTopic, json: string): Promise<void> {
    try {
      await this.ports.publish(shadowTopic(topic), Buffer.from(json));
    } catch (error) {
      this.ports.logger?.error({ err: error, topic: shadowTopic(topic) }, 'shadow response not published');
    }
  }
}
