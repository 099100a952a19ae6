/**
 * The behaviour every botbuilder `Storage` used by this bot must have: a typed re-telling of the scenarios in
 * botbuilder-js's `libraries/botbuilder-core/tests/storageBaseTests.js`, plus non-Latin text.
 */
import { ConversationState, MessageFactory, TestAdapter, type Storage, type StoreItem, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, Dialog } from 'botbuilder-dialogs';

/** A storage for one test, and how to get rid of it afterwards. */
export interface StorageUnderTest {
  storage: Storage;
  dispose?: () => Promise<void>;
}

export interface StorageContractOptions {
  /**
   * The whole batch is rejected when one of its items has a stale eTag. botbuilder's MemoryStorage does not do this:
   * it rejects but still writes the batch's other items.
   */
  atomicBatches: boolean;
  /** write() sets the new eTag on the objects it was given (MemoryStorage does not). */
  setsETagOnWrittenObjects: boolean;
}

export const CRAZY_KEY = '!@#$%^&*()~/\\><,.?\';"`~';

export const MULTILINGUAL_TEXT = {
  arabic: 'مرحباً بك! هل تحتاج إلى مساعدة في الاعتراف بمؤهلاتك؟',
  tigrinya: 'እንቋዕ ብደሓን መጻእኩም። ሓገዝ ትደልዩ ዶ?',
  ukrainian: 'Ласкаво просимо! Чи потрібна вам допомога з визнанням кваліфікації?',
  emoji: '🎓🧑🏽‍🔧👋🏿 — 𝄞',
} as const;

/** Registers the contract tests for a storage. `factory` is called once per test. */
export function runStorageContract(
  name: string,
  factory: () => Promise<StorageUnderTest>,
  options: StorageContractOptions,
): void {
  describe(`${name} honours the Storage contract`, () => {
    let subject: StorageUnderTest;
    let storage: Storage;

    beforeEach(async () => {
      subject = await factory();
      storage = subject.storage;
    });

    afterEach(async () => {
      await subject.dispose?.();
    });

    test('reading an unknown key returns an empty object', async () => {
      const result = await storage.read(['unknown']);
      expect(result).toEqual({});
      expect(Object.keys(result)).toHaveLength(0);
    });

    test('reading or writing without keys/changes is a ReferenceError', async () => {
      await expect(storage.read(null as unknown as string[])).rejects.toThrow(ReferenceError);
      await expect(storage.write(null as unknown as Record<string, StoreItem>)).rejects.toThrow(ReferenceError);
    });

    test('writing no items does not fail', async () => {
      await expect(storage.write({})).resolves.toBeUndefined();
    });

    test('creates objects and reads them back with an eTag', async () => {
      await storage.write({ createPoco: { id: 1 }, createPocoStoreItem: { id: 2, eTag: '*' } });

      const read = await storage.read(['createPoco', 'createPocoStoreItem']);

      expect(read['createPoco']).toMatchObject({ id: 1 });
      expect(read['createPocoStoreItem']).toMatchObject({ id: 2 });
      expectETag(read['createPoco']?.eTag);
      expectETag(read['createPocoStoreItem']?.eTag);
      expect(read['createPoco']?.eTag).not.toBe('*');
    });

    test('reads only the keys asked for', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });

      const read = await storage.read(['a', 'c', 'missing']);

      expect(Object.keys(read).sort()).toEqual(['a', 'c']);
    });

    test('read returns copies: changing what was written or read does not change what is stored', async () => {
      const written = { profile: { name: 'Amina' } };
      await storage.write({ copies: written });
      written.profile.name = 'changed after write';

      const first = await storage.read(['copies']);
      (first['copies'] as { profile: { name: string } }).profile.name = 'changed after read';

      const second = await storage.read(['copies']);
      expect(second['copies']).toMatchObject({ profile: { name: 'Amina' } });
    });

    test('handles crazy keys, and keys that differ only in slashes stay apart', async () => {
      await storage.write({
        [CRAZY_KEY]: { id: 1 },
        'a/b': { id: 2 },
        'a\\b': { id: 3 },
        '../a/b': { id: 4 },
      });

      const read = await storage.read([CRAZY_KEY, 'a/b', 'a\\b', '../a/b']);

      expect(read[CRAZY_KEY]).toMatchObject({ id: 1 });
      expect(read['a/b']).toMatchObject({ id: 2 });
      expect(read['a\\b']).toMatchObject({ id: 3 });
      expect(read['../a/b']).toMatchObject({ id: 4 });
    });

    test('updates an object: the new value is stored and the eTag changes', async () => {
      await storage.write({ pocoItem: { id: 1, count: 1 }, pocoStoreItem: { id: 1, count: 1 } });
      const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
      const pocoItem = loaded['pocoItem'] as StoreItem;
      const pocoStoreItem = loaded['pocoStoreItem'] as StoreItem;
      const firstETag = pocoStoreItem.eTag;
      delete pocoItem.eTag; // an item without an eTag always overwrites
      pocoItem['count']++;
      pocoStoreItem['count']++;

      await storage.write({ pocoItem, pocoStoreItem });

      const reloaded = await storage.read(['pocoItem', 'pocoStoreItem']);
      expect(reloaded['pocoItem']).toMatchObject({ count: 2 });
      expect(reloaded['pocoStoreItem']).toMatchObject({ count: 2 });
      expectETag(reloaded['pocoStoreItem']?.eTag);
      expect(reloaded['pocoStoreItem']?.eTag).not.toBe(firstETag);
    });

    test('a write with a stale eTag is rejected and leaves the stored item alone', async () => {
      await storage.write({ item: { count: 1 } });
      const stale = (await storage.read(['item']))['item'] as StoreItem;
      const fresh = (await storage.read(['item']))['item'] as StoreItem;
      await storage.write({ item: { ...fresh, count: 2 } }); // someone else wrote meanwhile

      await expect(storage.write({ item: { ...stale, count: 99 } })).rejects.toThrow();

      expect((await storage.read(['item']))['item']).toMatchObject({ count: 2 });
    });

    test('an item without an eTag overwrites whatever is stored', async () => {
      await storage.write({ item: { count: 1 } });
      await storage.write({ item: { count: 5 } });
      expect((await storage.read(['item']))['item']).toMatchObject({ count: 5 });
    });

    test('the * eTag always wins', async () => {
      await storage.write({ item: { count: 1 } });
      const stale = (await storage.read(['item']))['item'] as StoreItem;
      await storage.write({ item: { ...stale, count: 2 } });

      await storage.write({ item: { count: 100, eTag: '*' } });

      const read = (await storage.read(['item']))['item'];
      expect(read).toMatchObject({ count: 100 });
      expect(read?.eTag).not.toBe('*');
    });

    test('an item that does not exist yet is created whatever eTag it carries', async () => {
      await storage.write({ brandNew: { count: 1, eTag: 'some-old-etag' } });
      expect((await storage.read(['brandNew']))['brandNew']).toMatchObject({ count: 1 });
    });

    test('deletes an object', async () => {
      await storage.write({ delete1: { id: 1, count: 1 } });
      expect((await storage.read(['delete1']))['delete1']).toMatchObject({ count: 1 });

      await storage.delete(['delete1']);

      expect(await storage.read(['delete1'])).toEqual({});
    });

    test('deleting an unknown key does not fail', async () => {
      await expect(storage.delete(['unknown_key'])).resolves.toBeUndefined();
    });

    test('creates, reads and deletes several keys in one batch', async () => {
      await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });

      const read = await storage.read(['batch1', 'batch2', 'batch3']);
      expect(read['batch1']).toMatchObject({ count: 10 });
      expect(read['batch2']).toMatchObject({ count: 20 });
      expect(read['batch3']).toMatchObject({ count: 30 });
      for (const key of ['batch1', 'batch2', 'batch3']) expectETag(read[key]?.eTag);

      await storage.delete(['batch1', 'batch2', 'batch3']);

      expect(await storage.read(['batch1', 'batch2', 'batch3'])).toEqual({});
    });

    if (options.atomicBatches) {
      test('a stale eTag in a batch rejects the whole batch: nothing from it is written', async () => {
        await storage.write({ first: { v: 1 }, stale: { v: 1 }, last: { v: 1 } });
        const staleCopy = (await storage.read(['stale']))['stale'] as StoreItem;
        await storage.write({ stale: { v: 2 } }); // makes staleCopy's eTag stale

        await expect(
          storage.write({ first: { v: 'batch' }, stale: { ...staleCopy, v: 'batch' }, last: { v: 'batch' }, created: { v: 'batch' } }),
        ).rejects.toThrow();

        const read = await storage.read(['first', 'stale', 'last', 'created']);
        expect(read['first']).toMatchObject({ v: 1 });
        expect(read['stale']).toMatchObject({ v: 2 });
        expect(read['last']).toMatchObject({ v: 1 });
        expect(read['created']).toBeUndefined();
      });
    } else {
      test('a stale eTag in a batch rejects the batch and leaves the stale item alone', async () => {
        await storage.write({ stale: { v: 1 } });
        const staleCopy = (await storage.read(['stale']))['stale'] as StoreItem;
        await storage.write({ stale: { v: 2 } });

        await expect(storage.write({ stale: { ...staleCopy, v: 'batch' }, other: { v: 'batch' } })).rejects.toThrow();

        expect((await storage.read(['stale']))['stale']).toMatchObject({ v: 2 });
      });
    }

    if (options.setsETagOnWrittenObjects) {
      test('write sets the new eTag on the written object, so it can be written again without reading', async () => {
        const item: StoreItem = { count: 1 };
        await storage.write({ item });
        const stored = (await storage.read(['item']))['item'];
        expectETag(item.eTag);
        expect(item.eTag).toBe(stored?.eTag);

        item['count'] = 2;
        await storage.write({ item });

        expect((await storage.read(['item']))['item']).toMatchObject({ count: 2, eTag: item.eTag });
      });
    }

    test('Arabic, Tigrinya, Ukrainian text and 4-byte emoji read back identical, in values and keys', async () => {
      const key = `conversation/${MULTILINGUAL_TEXT.tigrinya}/${MULTILINGUAL_TEXT.emoji}`;
      await storage.write({ [key]: { texts: { ...MULTILINGUAL_TEXT }, [MULTILINGUAL_TEXT.arabic]: 'key in Arabic' } });

      const read = (await storage.read([key]))[key];

      expect(read?.['texts']).toEqual(MULTILINGUAL_TEXT);
      expect(read?.[MULTILINGUAL_TEXT.arabic]).toBe('key in Arabic');
      expect([...(read?.['texts'] as { emoji: string }).emoji][0]).toBe('🎓');
    });

    test('a waterfall dialog proceeds through turns with its state kept only in this storage', async () => {
      // Every turn builds new state and dialog objects, so the dialog can only continue if the storage kept its state.
      const turn = async (context: TurnContext): Promise<void> => {
        const conversationState = new ConversationState(storage);
        const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
        dialogs.add(
          new TextPrompt('namePrompt', async (prompt) => {
            if ((prompt.recognized.value ?? '').length > 3) return true;
            await prompt.context.sendActivity(`Please send a name longer than 3 characters (try ${prompt.attemptCount}).`);
            return false;
          }),
        );
        dialogs.add(
          new WaterfallDialog('intake', [
            async (step) => {
              await step.context.sendActivity('step 1');
              return Dialog.EndOfTurn;
            },
            async (step) => step.prompt('namePrompt', { prompt: MessageFactory.text('What is your name?') }),
            async (step) => {
              await step.context.sendActivity(`step 3: hello ${String(step.result)}`);
              return step.endDialog();
            },
          ]),
        );
        const dc = await dialogs.createContext(context);
        const result = await dc.continueDialog();
        if (result.status === DialogTurnStatus.empty) await dc.beginDialog('intake');
        await conversationState.saveChanges(context);
      };

      await new TestAdapter(turn)
        .send('hello')
        .assertReply('step 1')
        .send('next')
        .assertReply('What is your name?')
        .send('Al')
        .assertReply('Please send a name longer than 3 characters (try 1).')
        .send('Mariam')
        .assertReply('step 3: hello Mariam')
        .startTest();
    });
  });
}

function expectETag(eTag: unknown): void {
  expect(typeof eTag).toBe('string');
  expect((eTag as string).length).toBeGreaterThan(0);
}
