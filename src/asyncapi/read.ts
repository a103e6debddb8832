import { Node } from '../ast/morph';
import { scanProject, type DoctorProject } from '../doctor/project';
import { unwrap } from '../doctor/syntax';
import { recordedGateways } from '../generators/shared/transport';
import { diskTree } from '../tree/tree';
import { TypeInference } from './checker';
import { buildDocument, type AsyncApiDocument } from './document';
import { readGatewayApi } from './gateways';
import { SchemaReader, type CodeLocation, type Warning } from './schema';

export interface AsyncApiRead {
  document: AsyncApiDocument;
  /** JSON pointer → where in the code it comes from. */
  locations: Map<string, CodeLocation>;
  /** Types, names and addresses that could not be read (written as `{}` or left out). */
  warnings: Warning[];
  gateways: number;
}

/**
 * Reads every @WebSocketGateway of the project statically (the doctor's project model: no build,
 * no boot) and returns its AsyncAPI 3.0 document. The type checker is started only when a type
 * needs it (an inferred return type, an emitted payload without an event-map entry).
 */
export function readAsyncApi(root: string, options: { project?: string } = {}): AsyncApiRead {
  const project = scanProject(root, { project: options.project });
  const files = { readFile: project.readFile, parse: project.parse, text: project.text };
  const reader = new SchemaReader(files);
  const roots = [...new Set(project.gateways.map((g) => g.file))];
  let inference: TypeInference | undefined;
  const infer = () => (inference ??= new TypeInference(files, roots, reader));
  reader.checkerFallback = (node) => {
    const type = infer().typeOfTypeNode(node);
    return type && !infer().isUnknown(type) ? infer().schemaOf(type, node) : undefined;
  };
  const recordedWs = recordedWsGateways(root);
  const apis = project.gateways.map((gateway) => readGatewayApi(project, gateway, reader, infer, project.publicGatewayFiles, recordedWs));
  const { document, locations } = buildDocument({ ...packageInfo(project), port: listenPort(project) }, apis, reader);
  const warnings = [...reader.warnings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { document, locations, warnings, gateways: apis.length };
}

/** ws gateways ws-scaffold.json records, by file, with whether they authenticate. */
function recordedWsGateways(root: string): Map<string, boolean> {
  const found = new Map<string, boolean>();
  try {
    for (const { artefact, transport } of recordedGateways(diskTree(root))) {
      if (transport !== 'ws') continue;
      for (const file of artefact.scaffolded.filter((f) => f.endsWith('.gateway.ts'))) found.set(file, artefact.options.auth !== false);
    }
  } catch {
    // A manifest that cannot be read records nothing here; `ws-scaffold check` reports it.
  }
  return found;
}

function packageInfo(project: DoctorProject): { title: string; version: string } {
  let title = 'WebSocket API';
  let version = '0.0.0';
  try {
    const json = JSON.parse(project.text('package.json') ?? '{}') as { name?: unknown; version?: unknown };
    if (typeof json.name === 'string' && json.name) title = `${json.name} WebSocket API`;
    if (typeof json.version === 'string' && json.version) version = json.version;
  } catch {
    // An unreadable package.json only costs the title.
  }
  return { title, version };
}

/** The port of `app.listen(3000)` / `app.listen(process.env.PORT ?? 3000)`, when main.ts says. */
function listenPort(project: DoctorProject): number | undefined {
  const listen = project.bootstrap?.calls.find((c) => c.method === 'listen')?.call;
  let value = unwrap(listen?.getArguments()[0]);
  for (let i = 0; value && i < 3; i++) {
    if (Node.isNumericLiteral(value)) return Number(value.getLiteralValue());
    if (Node.isBinaryExpression(value)) value = unwrap(value.getRight());
    else if (Node.isCallExpression(value)) value = unwrap(value.getArguments()[0]);
    else return undefined;
  }
  return undefined;
}
