/**
 * Running Hardhat tasks in-process for the task tests: what a task printed, or the one-line refusal it
 * threw (a HardhatPluginError, which Hardhat's CLI prints and exits 1 on).
 */
import { expect } from "chai";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";

/** Runs a task with console.log captured; resolves to what it printed. */
export async function run(task: string, args: Record<string, unknown> = {}): Promise<string> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => {
    lines.push(parts.map(String).join(" "));
  };
  try {
    await hre.run(task, args);
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}

/** Runs a task that must be refused; resolves to the HardhatPluginError it throws. */
export async function refusal(task: string, args: Record<string, unknown> = {}): Promise<HardhatPluginError> {
  try {
    await run(task, args);
  } catch (e) {
    expect(e, `${task}: ${String(e)}`).to.be.instanceOf(HardhatPluginError);
    return e as HardhatPluginError;
  }
  return expect.fail(`${task} was not refused`);
}

