// Tests never log to the console unless asked, and never reach the network by accident (see test/helpers/network.ts).
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
