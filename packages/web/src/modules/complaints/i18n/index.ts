// The complaints module's texts, one file per area, mounted under the `complaints` key of each language.
import * as complaints from './complaints';
import * as claims from './claims';
import * as settings from './settings';
import * as reports from './reports';
import * as portal from './portal';

export const complaintsZh = { main: complaints.zh, claims: claims.zh, settings: settings.zh, reports: reports.zh, portal: portal.zh };
export const complaintsEn: typeof complaintsZh = { main: complaints.en, claims: claims.en, settings: settings.en, reports: reports.en, portal: portal.en };
