import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes are noise in test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });
