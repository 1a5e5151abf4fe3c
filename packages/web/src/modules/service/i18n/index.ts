// The service module's texts, one file per area, mounted under the `service` key of each language.
import * as catalogue from './catalogue';
import * as network from './network';
import * as sla from './sla';
import * as parts from './parts';
import * as orders from './orders';
import * as kpi from './kpi';
import * as fees from './fees';
import * as returns from './returns';
import * as evaluation from './evaluation';
import * as agreements from './agreements';

export const serviceZh = { catalogue: catalogue.zh, network: network.zh, sla: sla.zh, parts: parts.zh, orders: orders.zh, kpi: kpi.zh, fees: fees.zh, returns: returns.zh, evaluation: evaluation.zh, agreements: agreements.zh };
export const serviceEn: typeof serviceZh = { catalogue: catalogue.en, network: network.en, sla: sla.en, parts: parts.en, orders: orders.en, kpi: kpi.en, fees: fees.en, returns: returns.en, evaluation: evaluation.en, agreements: agreements.en };
