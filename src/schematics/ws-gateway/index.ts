import { gatewayCommand } from '../../generators/gateway/gateway.options';
import { schematicRule } from '../schematic-factory';

/** `nest g ws-gateway`: the same generator, options and rules as `ws-scaffold add-gateway`. */
export const wsGateway = schematicRule(gatewayCommand);
