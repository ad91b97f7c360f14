/** Tiny scenarios for the simulator's tests: fast on the reference backend, every behaviour used. */

/**
 * 3 validators (fixed; moves_to at epoch 3 with a stake majority; copies_consensus), 3 miners a, b, c
 * (uids 3, 4, 5), 6 epochs, the default variants.
 */
export function tinyScenarioJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "tiny",
    description: "three validators, three miners",
    epochs: 6,
    miners: ["a", "b", "c"],
    validators: [
      { name: "v0", stake: "2000", behaviour: { type: "fixed", weights: { a: 2, b: 1 } } },
      { name: "v1", stake: "3500.5", behaviour: { type: "moves_to", from: { a: 1 }, to: { b: 1, c: 3 }, epoch: 3 } },
      { name: "v2", stake: 1000, behaviour: { type: "copies_consensus", lag: 1, initial: { a: 1, b: 1, c: 1 } } },
    ],
    ...overrides,
  };
}
