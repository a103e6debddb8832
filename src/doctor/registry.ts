import { adapterAfterListen, adapterClientNoErrorListener, noShutdownHooks } from './rules/adapter';
import { connectionHookCanThrow, noHandshakeAuth, tokenInQuery } from './rules/connection';
import { nestMajorsMixed, socketIoVersionMismatch, websocketsPackageMissing } from './rules/dependencies';
import { exceptionCauseEchoesPayload, globalEnhancersIgnored, globalFiltersIgnored, httpGuardOnWs, wsExceptionsDropped } from './rules/enhancers';
import { positionalHandlerParams, reservedEventName, serverInConstructor, wsResponseSkipsAck } from './rules/handlers';
import { duplicateNamespace, gatewayInLazyModule, gatewayNotProvided, sharedServerOptionsIgnored, wsNamespaceUnsupported } from './rules/registration';
import { adapterRoomsLocal, roomJoinUnauthorised } from './rules/rooms';
import { corsWildcardCredentials, noOriginCheck, noPayloadLimit, wsMaxPayloadDefault } from './rules/transport-security';
import { dtoNotValidated, validationPipeHttpError } from './rules/validation';
import type { Rule } from './rule';

/** Every rule `doctor` runs, in the order the README's table lists them. */
export const RULES: readonly Rule[] = [
  // the connection
  connectionHookCanThrow,
  noHandshakeAuth,
  tokenInQuery,
  corsWildcardCredentials,
  noOriginCheck,
  noPayloadLimit,
  wsMaxPayloadDefault,
  // messages: validation, errors, enhancers
  validationPipeHttpError,
  dtoNotValidated,
  globalEnhancersIgnored,
  globalFiltersIgnored,
  exceptionCauseEchoesPayload,
  wsExceptionsDropped,
  httpGuardOnWs,
  wsResponseSkipsAck,
  positionalHandlerParams,
  reservedEventName,
  serverInConstructor,
  // gateways, modules and servers
  gatewayNotProvided,
  gatewayInLazyModule,
  duplicateNamespace,
  sharedServerOptionsIgnored,
  wsNamespaceUnsupported,
  // rooms
  roomJoinUnauthorised,
  adapterRoomsLocal,
  // the adapter
  adapterAfterListen,
  adapterClientNoErrorListener,
  noShutdownHooks,
  // dependencies
  websocketsPackageMissing,
  socketIoVersionMismatch,
  nestMajorsMixed,
];

export const ruleById = (id: string): Rule | undefined => RULES.find((rule) => rule.id === id);
