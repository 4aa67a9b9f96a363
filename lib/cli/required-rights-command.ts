// `cdktf-entra-identity required-rights <synth> [--deployer OBJECT_ID] [--format text|markdown|json]`:
// what the identity that applies each stack needs, from cdk.tf.json alone (the same computation as
// the required-rights.json RequiredRights.enable writes). Loads no cdktf or provider module.
import { computeRequiredRights, mergeRequiredRights, renderRequiredRightsMarkdown } from '../rights/compute';
import type { RequiredRightsModel } from '../rights/model';
import { CLI, CliIo, EXIT_OK, parseArgs, runCommand, UsageError } from './io';
import { readStacks } from './replacement-guard-command';

export const REQUIRED_RIGHTS_USAGE = `Usage: ${CLI} required-rights <synth> [--deployer OBJECT_ID] [--format text|markdown|json]

The Microsoft Graph application permissions (each with its published id) and Azure roles the identity
that runs \`terraform apply\` needs, per stack and for all stacks together, and the resources that need
each: computed from cdk.tf.json as RequiredRights does. Never Directory.ReadWrite.All.

<synth> is a cdktf.out folder, a stack folder (cdktf.out/stacks/<name>) or a cdk.tf.json file.
--deployer is the object id of the pipeline's service principal: an owner equal to it counts as the
deploying identity (as \`azuread_client_config.object_id\` always does).

Exit codes:
  0  the rights were computed (a report, not a check: \`review\` fails on new rights)
  2  usage error, or an input that cannot be read
`;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function text(m: RequiredRightsModel): string[] {
  const lines = [`Stack ${m.stack || '(stack)'}`];
  if (m.graph.length === 0) lines.push('  Microsoft Graph: no application permission');
  for (const g of m.graph) {
    lines.push(`  ${g.permission} (${g.id})`);
    for (const r of g.reasons) lines.push(`    - ${r.address}: ${r.action}`);
  }
  for (const a of m.azure) {
    lines.push(`  Azure ${a.role} (${a.id}) at ${a.scope}`);
    for (const r of a.reasons) lines.push(`    - ${r.address}: ${r.action}`);
  }
  for (const u of m.uncovered) lines.push(`  not computed: ${u.type} (${u.addresses.join(', ')})`);
  return lines;
}

/** Runs `required-rights` with the arguments after the command name and returns the exit code. */
export function requiredRightsMain(argv: string[], io: CliIo): number {
  return runCommand(io, `${CLI} required-rights`, REQUIRED_RIGHTS_USAGE, () => {
    const args = parseArgs(argv, { values: ['format', 'deployer'] });
    if (args.help) {
      io.stdout(REQUIRED_RIGHTS_USAGE);
      return EXIT_OK;
    }
    if (args.positional.length !== 1) throw new UsageError(`needs one input (a cdktf.out folder, a stack folder or a cdk.tf.json), got ${args.positional.length}.`, true);
    const deployer = args.values.get('deployer');
    if (deployer !== undefined && !GUID.test(deployer)) throw new UsageError(`--deployer must be an object id (GUID), got '${deployer}'.`, true);
    const stacks = [...readStacks(args.positional[0], io).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const models = stacks.map((s) => {
      const m = computeRequiredRights(JSON.parse(s.json), { deployerObjectId: deployer });
      return { ...m, stack: s.name || m.stack };
    });
    const all = mergeRequiredRights(models, 'all stacks');
    if (args.format === 'json') {
      io.stdout(`${JSON.stringify({ version: all.version, stacks: models, all }, null, 2)}\n`);
    } else if (args.format === 'markdown') {
      io.stdout(`${models.map((m) => renderRequiredRightsMarkdown(m, '###')).join('\n')}${models.length > 1 ? `\n${renderRequiredRightsMarkdown(all, '###')}` : ''}`);
    } else {
      const lines = models.flatMap((m) => [...text(m), '']);
      if (models.length > 1) lines.push(`All stacks: ${all.graph.map((g) => g.permission).join(', ') || 'no Graph permission'}`);
      io.stdout(`${lines.join('\n').trimEnd()}\n`);
    }
    return EXIT_OK;
  });
}
