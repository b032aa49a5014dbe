import { fetchPage, pageOf } from './paging.js';
import { invalidRequest, notFound } from './registry.rules.js';
import type { ThingPrincipalType } from './registry.store.js';
import type {
  AttachThingPrincipalInput,
  DetachThingPrincipalInput,
  ListPrincipalThingsInput,
  ListThingPrincipalsInput,
  ListThingPrincipalsOutput,
  ThingNamesOutput,
} from './registry.types.js';
import type { RegistryContext } from './registry-context.js';
import type { ThingsService } from './things.service.js';

const PRINCIPAL_MAX_LENGTH = 2048;
const PRINCIPAL_TYPES: readonly ThingPrincipalType[] = ['NON_EXCLUSIVE_THING', 'EXCLUSIVE_THING'];

function requirePrincipal(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > PRINCIPAL_MAX_LENGTH || /\s/.test(value)) {
    throw invalidRequest('principal must be a certificate ARN');
  }
  return value;
}

function principalType(value: unknown): ThingPrincipalType {
  if (value === undefined) return 'NON_EXCLUSIVE_THING';
  if (!PRINCIPAL_TYPES.includes(value as ThingPrincipalType)) {
    throw invalidRequest(`thingPrincipalType must be one of ${PRINCIPAL_TYPES.join(', ')}`);
  }
  return value as ThingPrincipalType;
}

/**
 * Principals (certificate ARNs) attached to things. A principal is attached to any number of things
 * (NON_EXCLUSIVE_THING) unless it was attached with EXCLUSIVE_THING, which makes that thing its only one.
 */
export class PrincipalsService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly things: ThingsService,
  ) {}

  /** Idempotent; attaching again with another type changes the type when the exclusivity rule allows it. */
  async attach(input: AttachThingPrincipalInput): Promise<Record<string, never>> {
    const principal = requirePrincipal(input.principal);
    const thingPrincipalType = principalType(input.thingPrincipalType);
    return this.ctx.writes.run(async () => {
      const { thingName } = await this.things.get(input.thingName);
      await this.requireKnownPrincipal(principal);
      // An exclusive attachment is a principal's only one, so two rows tell whether another thing holds it.
      const others = (await this.ctx.store.thingsOfPrincipal(principal, { limit: 2 })).filter(
        (attachment) => attachment.thingName !== thingName,
      );
      const exclusive = others.find((attachment) => attachment.thingPrincipalType === 'EXCLUSIVE_THING');
      if (exclusive !== undefined) {
        throw invalidRequest(`Principal ${principal} is attached exclusively to thing ${exclusive.thingName}`);
      }
      if (thingPrincipalType === 'EXCLUSIVE_THING' && others.length > 0) {
        throw invalidRequest(
          `Principal ${principal} is attached to other things (${others[0]!.thingName}); it cannot be attached exclusively`,
        );
      }
      const wasAttached = (await this.ctx.store.attachedThing(thingName, principal)) !== undefined;
      await this.ctx.store.attachPrincipal({ thingName, principal, thingPrincipalType });
      if (!wasAttached) this.ctx.changes.emit({ type: 'principal-attached', thingName, principal });
      return {};
    });
  }

  /** Detaching a principal that is not attached changes nothing. */
  async detach(input: DetachThingPrincipalInput): Promise<Record<string, never>> {
    const principal = requirePrincipal(input.principal);
    return this.ctx.writes.run(async () => {
      const { thingName } = await this.things.get(input.thingName);
      if ((await this.ctx.store.attachedThing(thingName, principal)) === undefined) return {};
      await this.ctx.store.detachPrincipal(thingName, principal);
      this.ctx.changes.emit({ type: 'principal-detached', thingName, principal });
      return {};
    });
  }

  async listForThing(input: ListThingPrincipalsInput): Promise<ListThingPrincipalsOutput> {
    const { thingName } = await this.things.get(input.thingName);
    const { items, nextToken } = await fetchPage(
      pageOf(input),
      (page) => this.ctx.store.principalsOfThing(thingName, page),
      (attachment) => attachment.principal,
    );
    const principals = items.map((attachment) => attachment.principal);
    return nextToken === undefined ? { principals } : { principals, nextToken };
  }

  /** ListPrincipalThings: names of the things the principal is attached to. */
  async listThings(input: ListPrincipalThingsInput): Promise<ThingNamesOutput> {
    const principal = requirePrincipal(input.principal);
    const page = pageOf(input);
    await this.requireKnownPrincipal(principal);
    const { items, nextToken } = await fetchPage(
      page,
      (query) => this.ctx.store.thingsOfPrincipal(principal, query),
      (attachment) => attachment.thingName,
    );
    const things = items.map((attachment) => attachment.thingName);
    return nextToken === undefined ? { things } : { things, nextToken };
  }

  private async requireKnownPrincipal(principal: string): Promise<void> {
    if (!(await this.ctx.principalExists(principal))) throw notFound('Principal', principal);
  }
}
