/** The simulator entry: a local Alipay cacheCard for tests, demos and development. */
export { startSimulator, createSimulatorListener, isoWithOffset, type SimulatorOptions, type RunningSimulator } from './simulator.ts';
export { TEST_CARD_FAULTS, type Fault } from './test-cards.ts';
