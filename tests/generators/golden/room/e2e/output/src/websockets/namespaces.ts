/**
 * Every socket.io namespace this app serves and the gateway serving it. ws-scaffold add-gateway and
 * add-namespace keep it up to date, and refuse a namespace another gateway already serves (two
 * gateways on one namespace would silently share its connections). A RegExp is a dynamic namespace.
 */
export const WS_NAMESPACES: ReadonlyArray<{ namespace: string | RegExp; gateway: string }> = [{ namespace: '/chat', gateway: 'ChatGateway' }];
