import { dropTemplate, prepareTemplate } from './db';

export default async function setup() {
  await prepareTemplate();
  return async () => {
    await dropTemplate();
  };
}
