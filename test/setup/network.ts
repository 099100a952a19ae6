import nock from 'nock';

// Every test file is loopback-only: no test reaches the network by accident. nock patches Node's http and fetch for
// the whole worker process, so each file switches it on for itself and restores it when done, or one file's
// interceptors would break the next file's loopback connections.
beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});
