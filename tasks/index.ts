/**
 * Every subnet-layer task: what `import "subnet-layer/hardhat"` registers in a consumer's config (and
 * this repository's own hardhat.config.ts). Each task reads deployments/<network>.json, validates its
 * input, and refuses with one line and exit status 1.
 */
import "./deploy";
import "./subnets";
import "./staking";
import "./weights";
import "./oracle";
import "./governance";
import "./bittensor-evm";
