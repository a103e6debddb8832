import { Node } from '../../ast/morph';
import { parseSource } from '../../ast/source';
import { RefusalError } from '../../errors';
import { defineGenerator } from '../../engine/generator';
import { onlyGateway, resolveGateway } from '../shared/gateway-target';
import { SOCKET_IO_CLIENT_DEPENDENCY } from '../shared/dependencies';
import { clientCommand, type ClientOptions } from './client.options';

export type { ClientOptions } from './client.options';

/**
 * `<name>.client.ts` beside a gateway: its event maps as a typed socket.io-client Socket and a
 * connect function, importing types only. socket.io-client is added to devDependencies so that
 * the file type-checks with the rest of the project.
 */
export const clientGenerator = defineGenerator<ClientOptions>({
  name: 'client',
  options: clientCommand.options,
  artefactName: (options) => options.gateway ?? '',
  async plan({ tree, project, options, render, scaffoldFile, addDependencies, nextStep }) {
    const gatewayName = options.gateway ?? onlyGateway(tree);
    const target = resolveGateway(tree, project, gatewayName);
    const gateway = parseSource(target.gatewayFile, tree.read(target.gatewayFile)!);
    const constant = gateway.getVariableDeclarations().find((d) => d.isExported() && d.getName().endsWith('_NAMESPACE'));
    const value = constant?.getInitializer();
    if (!constant || !value || !(Node.isStringLiteral(value) || Node.isRegularExpressionLiteral(value))) {
      throw new RefusalError(target.gatewayFile, 'no exported *_NAMESPACE constant (a string or a RegExp) was found, so the namespace is unknown', "export const CHAT_NAMESPACE = '/chat';");
    }
    const dynamic = Node.isRegularExpressionLiteral(value);
    const fileName = target.gatewayFile.slice(target.gatewayFile.lastIndexOf('/') + 1).replace(/\.gateway\.ts$/, '');
    const firstEvent = parseSource(target.eventsFile, tree.read(target.eventsFile)!)
      .getInterface(`${target.base}ClientToServerEvents`)?.getProperties()[0]?.getName().replace(/^['"]|['"]$/g, '') ?? 'message';
    const pattern = value.getText();
    const example = dynamic ? pattern.slice(1, pattern.lastIndexOf('/')).replace(/^\^|\$$/g, '').replace(/\\\//g, '/').replace(/\[[^\]]*\][+*]?/g, 'a') : '';
    const file = target.gatewayFile.replace(/\.gateway\.ts$/, '.client.ts');
    scaffoldFile(file, render('client/client.ts.ejs', {
      className: target.className,
      baseName: target.base,
      fileName,
      importSuffix: project.importSuffix,
      dynamic,
      pattern,
      example,
      namespace: dynamic ? '' : value.getLiteralText(),
      constant: constant.getName().replace(/_NAMESPACE$/, '_CLIENT_NAMESPACE'),
      firstEvent,
    }), `${target.className} client`);
    addDependencies(SOCKET_IO_CLIENT_DEPENDENCY, { dev: true });
    nextStep(`Front end: import { connect${target.base} } from '.../${file}' and pass it socket.io-client's io.`);
    // Recorded in the manifest, so that `check` re-plans the same gateway.
    return { resolved: { gateway: gatewayName } };
  },
});
