/**
 * subnet-layer's package entry: deploy and connect to the layer from any ethers v6 signer, the oracle
 * (node, Yuma engine, chain readers), governance scripting, and small helpers. Nothing here loads
 * Hardhat; the Hardhat plugin is `subnet-layer/hardhat`, the test fixture `subnet-layer/testing`,
 * the contract types `subnet-layer/typechain`.
 */
export {
  CONTRACT_NAMES,
  DEFAULT_TIMELOCK_DELAY,
  DeployError,
  ROLES,
  connectSubnetLayer,
  deploySubnetLayer,
  handOverToGovernance,
  planDeployment,
} from "../scripts/deploy";
export type { DeployOptions, DeploymentPlan, SubnetLayer, SubnetLayerAddresses, WiringCall } from "../scripts/deploy";
export { ARTIFACT_SOURCES, ArtifactNotFoundError, readArtifact } from "../scripts/lib/artifacts";
export type { ArtifactName, ContractArtifact } from "../scripts/lib/artifacts";
export { DeploymentFileError, deploymentPath, loadDeployment, saveDeployment } from "../scripts/lib/deployment-file";
export { tao } from "../scripts/lib/units";
export { formatRao, formatTable } from "../scripts/lib/table";
export { packWeightPairs } from "../scripts/lib/weights";
export { DEFAULT_HYPERPARAMETERS, HYPERPARAMETER_FIELDS, plainHyperparameters } from "../scripts/lib/hyperparameters";

// The oracle: the node and its loop, the bonds stores, and the chain readers it is built from.
export { CLAIM_BATCH, OracleNode, revertName } from "../oracle/node/oracle-node";
export type { EpochOutcome, EpochResult, OracleLogger, OracleNodeConfig } from "../oracle/node/oracle-node";
export { BondsRecoveryError, recoverBonds } from "../oracle/node/bonds-recovery";
export { runOracleLoop } from "../oracle/node/loop";
export type { LoopOptions } from "../oracle/node/loop";
export { BondsStoreError, FileBondsStore, MemoryBondsStore } from "../oracle/store/bonds-store";
export type { BondsStore, StoredBonds } from "../oracle/store/bonds-store";
export { columnWordsOf, readMetagraph } from "../oracle/chain/metagraph";
export type { Metagraph } from "../oracle/chain/metagraph";
export { WeightsLogError, decodeWeightPairs, readCurrentRow, readWeightRows, upscaledRow } from "../oracle/chain/weights";
export type { WeightRow } from "../oracle/chain/weights";
export { snapshotToEpochInput } from "../oracle/chain/snapshot";
export type { EpochSnapshot } from "../oracle/chain/snapshot";
export { buildReport, packReport, reportHash } from "../oracle/chain/report";
export type { EpochReport } from "../oracle/chain/report";
export { ZERO_COMMITMENT, bondsCommitment } from "../oracle/chain/bonds";
export type { BondRows } from "../oracle/chain/bonds";
export { snapshotPayouts, validatorPayouts } from "../oracle/chain/dividends";
export type { ValidatorPayout } from "../oracle/chain/dividends";

// The Yuma engine: exact Yuma Consensus on the reference, cpu and webgpu backends.
export * as yuma from "../oracle/yuma";
export { BACKENDS, computeEpochs, formatEpochOutput, parseEpochInput, parseEpochInputs } from "../oracle/yuma";
export type { Backend, EpochInput, EpochOutput } from "../oracle/yuma";

// Governance from scripts: propose, vote, close, execute, status, members.
export {
  GovernanceError,
  closeMotion,
  encodeCall,
  executeMotion,
  governanceMembers,
  motionStatus,
  proposeMotion,
  voteOnMotion,
} from "../scripts/governance/motions";
