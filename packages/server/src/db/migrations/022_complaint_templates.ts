// Seeds 最佳道歉方式表 (tool 37): reply and apology templates by situation, written from domain.md §1.8 — the basic
// method (倾听 → 道歉 → 询问 → 记录 → 解决 → 礼貌结束), the four needs (被关心, 被倾听, 专业化, 迅速反应) and the
// complaining-customer types of S4 5.3.2. {customer}, {code} and {handler} are filled in when an agent replies.
import type { Kysely } from 'kysely';

interface Seed {
  title: string;
  category: string | null;
  temperament: string | null;
  situation: string;
  apology: string;
  reply: string;
  pairedAction: string;
  taboo: string;
}

const TEMPLATES: Seed[] = [
  {
    title: '产品质量问题',
    category: 'quality',
    temperament: null,
    situation: '产品在使用中出现故障、破损或达不到说明书标明的性能，客户要求维修、换货或退货。',
    apology: '{customer}您好，非常抱歉我们的产品给您的使用带来了不便和困扰，这是我们的责任，我代表公司向您郑重道歉。',
    reply:
      '{customer}您好：您反映的产品质量问题（投诉编号 {code}）我们已详细记录并高度重视。我们将安排专业人员尽快与您约定时间上门检测；' +
      '经确认属于产品质量问题的，将按国家三包规定和我公司的服务承诺为您免费维修、换货或退货，往返运费由我公司承担。' +
      '处理过程中有任何疑问，请随时联系负责您这次投诉的{handler}。感谢您的反馈，它能帮助我们把产品做得更好。',
    pairedAction: '24 小时内安排检测；确认属质量问题按三包换、退、修；运费由公司承担；视损失给予补偿',
    taboo: '“不可能，我们的产品出厂都检验过”；“是您自己用坏的吧”；“这种情况很少见”；“您去找经销商”',
  },
  {
    title: '安装维修不到位',
    category: 'repair',
    temperament: null,
    situation: '安装或维修后问题没有解决、短期内反复故障，或师傅操作不规范、留下损坏和隐患。',
    apology: '{customer}您好，非常抱歉我们没能一次把问题解决好，还让您为此多次费心、耽误了时间，这是我们工作的失误。',
    reply:
      '{customer}您好：您的报修与投诉（编号 {code}）已转为加急处理。我们将安排经验更丰富的工程师优先上门复修，' +
      '并由服务主管全程跟进；本次上门及维修费用全部免除，若上次作业造成了损坏，我们照价修复或赔偿。修好后我们会回访确认您是否满意。' +
      '如有任何情况，请直接联系{handler}。',
    pairedAction: '加急派资深工程师复修；服务主管跟进；免收上门及维修费；作业损坏照价修复或赔偿；修后回访',
    taboo: '“师傅很忙，您再等等”；“上次已经修好了，是您使用不当”；“这是网点的事，不归我们管”',
  },
  {
    title: '服务态度不好',
    category: 'attitude',
    temperament: null,
    situation: '客户反映员工、网点师傅或客服态度冷淡、语气生硬、推诿甚至顶撞客户。',
    apology: '{customer}您好，听了您的讲述，我非常理解您的感受。我们的员工没有以应有的态度对待您，这是我们的错，我代表公司向您真诚道歉。',
    reply:
      '{customer}您好：您反映的服务态度问题（投诉编号 {code}）我们已报告该员工所在部门的主管。核实后我们将按公司服务规范严肃处理，' +
      '并对相关人员重新进行服务培训，处理结果会由{handler}告知您。您原本要办理的事情，我们会安排专人优先为您办好。谢谢您的监督。',
    pairedAction: '部门主管致电道歉；核实后处理责任人并培训；告知客户处理结果；原事项专人优先办理',
    taboo: '“他不是故意的”；“我们的员工一向都很好”；“您当时是不是也说了什么”；“这是他个人的事，和公司无关”',
  },
  {
    title: '交货延误',
    category: 'delivery',
    temperament: null,
    situation: '未按合同或承诺的时间发货、送达，或物流信息长时间不更新，影响了客户的生产或使用安排。',
    apology: '{customer}您好，非常抱歉没能按约定的时间把货送到，打乱了您的安排，给您添了很大的麻烦。',
    reply:
      '{customer}您好：关于您的订单延误（投诉编号 {code}），我们已查明原因，并协调仓库与承运方加急处理。' +
      '{handler}会在今天内把新的发货或送达时间及物流单号告诉您，之后每有进展都会主动通知您。因延误给您造成的损失，我们将按合同约定给予补偿。',
    pairedAction: '加急发货或就近调货；主动告知物流单号和预计送达时间；按合同约定补偿或减免运费',
    taboo: '“物流的事我们管不了”；“快了快了，您再等等”；“别的客户也在等”；“系统显示已经发货了”',
  },
  {
    title: '价格与收费疑问',
    category: 'price',
    temperament: null,
    situation: '客户认为价格偏高、收费项目不清或被多收费，或拿别家更低的报价来比较。',
    apology: '{customer}您好，很抱歉我们事先没有把价格和收费向您解释清楚，让您产生了疑虑。',
    reply:
      '{customer}您好：我们已逐项核对了您的收费明细（投诉编号 {code}），每一项都对应公司公开的收费标准，清单会发给您核对。' +
      '经核实如有多收或错收，我们将在 3 个工作日内全额退还差额。关于价格构成，{handler}可以当面或电话为您详细说明，包括产品配置和售后服务上的差别。',
    pairedAction: '逐项核对收费并书面说明；多收、错收即退差额；由主管说明价格构成与服务差别',
    taboo: '“价格是公司定的，我也没办法”；“嫌贵可以不买”；“别家便宜您去别家买”；“这个钱必须收”',
  },
  {
    title: 'VIP 客户投诉',
    category: null,
    temperament: null,
    situation: 'VIP、大客户或核心客户的任何投诉：按 VIP 时限加快处理，由客户主管亲自负责。',
    apology: '{customer}您好，首先非常感谢您长期以来对我们的信任和支持。这次的问题给您添了麻烦，我们深感抱歉，公司对此非常重视。',
    reply:
      '{customer}您好：您的投诉（编号 {code}）已由客户主管直接负责，专人{handler}一对一跟进。我们会在今天内与您确认处理方案，' +
      '处理期间的每一步进展都会及时告诉您。为表歉意，我们还将为您提供相应的补偿或增值服务，具体内容由{handler}与您商定。',
    pairedAction: '客户主管当天致电；专人一对一跟进；优先处理；视情况补偿或提供增值服务',
    taboo: '“请按流程排队”；“我只是客服，做不了主”；“这个问题别的客户也有”',
  },
  {
    title: '情绪激动的客户',
    category: null,
    temperament: 'irritable',
    situation: '客户情绪激动、言辞激烈，甚至威胁曝光或投诉到消协。先处理情绪，再处理问题：耐心倾听，让客户把话说完。',
    apology: '{customer}，我完全理解您现在的心情，换了是我也会着急。真的很抱歉让您遇到这样的事，请您慢慢说，我会认真听并把问题记清楚。',
    reply:
      '{customer}您好：您反映的情况我已经全部记录下来（投诉编号 {code}），刚才也和您复述确认过了。我向您保证，这件事由我{handler}负责到底，' +
      '在约定的时间内一定给您回电告知进展，您不需要再反复打电话。谢谢您愿意把问题告诉我们，让我们有机会弥补。',
    pairedAction: '倾听不打断，让客户发泄；复述确认诉求；约定回电时间；必要时转上级主管处理',
    taboo: '“您冷静一点”；“您别激动”；“您这样说话我没法处理”；“这不是我的责任”；与客户争辩或打断客户',
  },
  {
    title: '重复投诉、要求找领导',
    category: null,
    temperament: 'domineering',
    situation: '客户多次投诉仍未解决、坚持要找领导，或投诉已升级到二、三级。',
    apology: '{customer}您好，我是负责您这件事的{handler}。您的问题多次反映都没有得到妥善解决，这是我们的严重失职，我代表公司向您郑重道歉。',
    reply:
      '{customer}您好：您此前的投诉经过（编号 {code}）我已经全部了解，不需要您再重复一遍。从现在起由我亲自负责，' +
      '我们会在今天给出书面处理方案和完成时限，并按时告诉您结果。对于之前给您带来的损失和不便，我们会一并给予补偿。',
    pairedAction: '上级主管当天致电；指定专人负责到底；书面处理方案与完成时限；视情况补偿',
    taboo: '“请您把情况再说一遍”；“之前的同事已经处理过了”；“领导不在”；“按规定只能这样”',
  },
  {
    title: '讲依据的理性客户',
    category: null,
    temperament: 'intellectual',
    situation: '客户逻辑清楚，熟悉三包规定、合同条款或技术标准，要求有依据、书面的答复。',
    apology: '{customer}您好，您指出的问题很专业，也很有道理。我们的处理确实没有达到应有的标准，对此我们表示歉意。',
    reply:
      '{customer}您好：我们已依据国家三包规定、合同条款和产品技术标准对您的问题进行了核实（投诉编号 {code}），' +
      '书面说明和相关依据（检测报告、标准条款）将发送给您。我们提出了几种处理方案供您选择，技术人员也可以为您当面解答。联系人：{handler}。',
    pairedAction: '提供书面说明及依据；给出可选方案；安排技术人员答疑',
    taboo: '“这是公司规定，没有为什么”；含糊其辞、前后说法不一；不懂装懂；过度承诺做不到的事',
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  let sort = 0;
  for (const t of TEMPLATES) {
    sort += 10;
    await db
      .insertInto('complaint_templates')
      .values({
        title: t.title,
        category: t.category,
        temperament: t.temperament,
        situation: t.situation,
        apology: t.apology,
        reply: t.reply,
        paired_action: t.pairedAction,
        taboo: t.taboo,
        sort,
        archived_at: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
