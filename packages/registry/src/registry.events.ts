/**
 * Registry changes that can alter an authorization decision: `iot:Connection.Thing.*` policy variables
 * (attachment, attributes, type) and thing-group policies (membership). The server uses them to drop
 * cached decisions of live connections.
 */
export type RegistryChange =
  | { type: 'principal-attached'; thingName: string; principal: string }
  | { type: 'principal-detached'; thingName: string; principal: string }
  | { type: 'thing-updated'; thingName: string }
  | { type: 'thing-deleted'; thingName: string }
  | { type: 'thing-group-membership-added'; thingName: string; thingGroupName: string }
  | { type: 'thing-group-membership-removed'; thingName: string; thingGroupName: string }
  /** The group had no child groups; `thingNames` were its members. */
  | { type: 'thing-group-deleted'; thingGroupName: string; thingNames: string[] };

export type RegistryChangeListener = (change: RegistryChange) => void;

/** Calls listeners after a change is stored; a failing listener neither stops the others nor the request. */
export class ChangeNotifier {
  private readonly listeners = new Set<RegistryChangeListener>();

  constructor(private readonly onListenerError: (error: unknown, change: RegistryChange) => void) {}

  subscribe(listener: RegistryChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: RegistryChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.onListenerError(error, change);
      }
    }
  }
}
