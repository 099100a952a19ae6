import { HandoffEvents, type TicketChange } from '../../src/handoff/HandoffEvents';
import type { HandoffTicket } from '../../src/handoff/HandoffTicket';
import { SharedTicketWatch } from '../../src/handoff/SharedTicketWatch';

const ticket = (id: string, state: HandoffTicket['state'] = 'pending') => ({ id, state }) as HandoffTicket;

/** A store other instances change: the tickets with the advisers and their versions, and every ticket by id. */
function fakeStore() {
  const store = {
    reads: 0,
    active: new Map<string, string>(),
    all: new Map<string, HandoffTicket>(),
    async activeVersions() {
      store.reads += 1;
      return [...store.active].map(([id, version]) => ({ ticket: store.all.get(id)!, version }));
    },
    async get(id: string) {
      return store.all.get(id);
    },
  };
  return store;
}

describe('SharedTicketWatch', () => {
  it('reads nothing while no console listens, takes stock when one does, then tells what appeared, changed or left', async () => {
    const store = fakeStore();
    const events = new HandoffEvents();
    const watch = new SharedTicketWatch(store, events, 60_000);
    store.all.set('t1', ticket('t1'));
    store.active.set('t1', 'v1');

    await watch.look();
    expect(store.reads).toBe(0);

    const told: Array<[string, TicketChange['kind']]> = [];
    const unsubscribe = events.subscribe((change) => told.push([change.ticket.id, change.kind]));
    await watch.look(); // stock-taking: the console loads everything when it connects
    expect(told).toEqual([]);

    store.all.set('t2', ticket('t2'));
    store.active.set('t2', 'v1'); // opened on another instance
    store.active.set('t1', 'v2'); // a message on another instance
    await watch.look();
    expect(told).toEqual([
      ['t1', 'updated'],
      ['t2', 'created'],
    ]);

    told.length = 0;
    store.active.delete('t1'); // closed on another instance
    store.all.set('t1', ticket('t1', 'resolved'));
    await watch.look();
    await watch.look(); // nothing new
    expect(told).toEqual([['t1', 'updated']]);

    unsubscribe();
    const reads = store.reads;
    await watch.look();
    expect(store.reads).toBe(reads);
  });

  it('survives a storage that fails, and tries again at the next look', async () => {
    const store = fakeStore();
    const events = new HandoffEvents();
    const watch = new SharedTicketWatch(store, events, 60_000);
    events.subscribe(() => undefined);
    const working = store.activeVersions;
    store.activeVersions = async () => {
      throw new Error('storage unreachable');
    };
    await expect(watch.look()).resolves.toBeUndefined();
    store.activeVersions = working;
    await watch.look();
    expect(store.reads).toBe(1);
  });
});
