import fs from 'node:fs';
import path from 'node:path';
import { replayTranscript } from '../helpers/transcript';
import { startApp, type RunningApp } from '../helpers/testApp';

const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.txt')).sort();

describe('whole conversations, replayed against the real server', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());

  it.each(files)('%s', async (file) => {
    await replayTranscript(running.base, path.join(__dirname, file), `transcript-${file}`);
  });
});
