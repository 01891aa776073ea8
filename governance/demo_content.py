"""Texts of the governance demo data, in both languages (the seed's own words where it has them)."""

OVERSIGHT_DUTIES_AR = """وضع السياسة والاستراتيجية العامة للبوابة في ضوء التوجيهات العليا والتوجهات العالمية الجديدة في مجال تقديم الخدمات للمواطنين.
عمل اتفاقيات مع الجهات المساهمة لتفعيل البوابة ولتحديث البيانات وضمان الاستجابة لتعليقات وشكاوى واقتراحات المواطنين المقدمة عبر البوابة.
الإشراف على مستوى تنفيذ الخطط التطويرية والتسويقية للبوابة.
عقد اجتماع دوري حسبما يقتضي الحال لمناقشة ما تم من تطورات، والوضع الراهن، وأي أفكار للمستقبل.
صياغة وتنفيذ خطة إعلامية تضمن حضور البوابة في وسائل الإعلام بصورة منتظمة.
إعداد تقرير دوري حول البوابة يتضمن الجهود المبذولة، ومستويات الإقبال، والمقترحات التطويرية وتقديمه إلى الجهات العليا بمعدل سنوي.
اعتماد سياسة عامة (دليل إرشادي) لكل من المحتوى، وإدارة مشاركات الجمهور بما يوضح سبل التصرف إزاء أي نوع من المشاركة."""
OVERSIGHT_DUTIES_EN = """Set the portal's general policy and strategy in the light of high-level directives and new global trends in serving citizens.
Make agreements with contributing entities to activate the portal, keep data current and respond to citizens' comments, complaints and suggestions.
Oversee the implementation of the portal's development and marketing plans.
Meet periodically, as needed, to discuss progress, the current situation and ideas for the future.
Draft and carry out a media plan that keeps the portal regularly present in the media.
Prepare a yearly report on the portal (efforts made, take-up, proposed improvements) for the higher authorities.
Approve a general policy (guide) for content and for handling public contributions, including which external parties to involve."""

EXECUTIVE_DUTIES_AR = """موافاة اللجنة الإشرافية بمعلومات حول سير العمل، وأبرز الملاحظات والتوصيات المستخلصة من التجربة العملية.
العمل على توقيع مذكرات تعاون مشترك أو اتفاقيات مستوى الخدمة في مجال إدارة البوابة مع الأطراف ذات الصلة.
مراقبة المحتوى الخاص بهم على البوابة، والإبلاغ عن أي ملاحظات أو تحديثات يرغبون في إجرائها.
الالتزام بمقتضيات الدليل الإرشادي الخاص بالمحتوى والمشاركات الجماهيرية الذي تطوره لجنة الإشراف."""
EXECUTIVE_DUTIES_EN = """Keep the oversight committee informed of progress and of the main observations and recommendations from practice.
Sign memoranda of cooperation or service-level agreements on running the portal with the parties concerned.
Monitor their own content on the portal and report any observations or updates they want made.
Comply with the content and public-participation guide developed by the oversight committee."""

COORDINATION_DUTIES_AR = """مراجعة المحتوى بشكل متواصل للتأكد من سلامة النصوص والملفات السمعية والبصرية.
تحديث المحتوى حيثما أمكن اعتماداً على ما يُنشر في وسائل الإعلام وما يصل من تحديثات من الجمهور المستهدف.
التأكد من سلامة سيناريوهات الحركة والانتقال عبر البوابة.
مراجعة الروابط ذات الصلة، وتعزيزها.
مراسلة ومتابعة الجهات الحكومية لضمان نشر رابط البوابة ومعلومات عنها على مواقعها الإلكترونية."""
COORDINATION_DUTIES_EN = """Review the content continuously to make sure texts, audio and video files are sound.
Update the content where possible from what the media publish and what the target audience sends in.
Check that navigation through the portal works as intended.
Review related links and strengthen them.
Write to and follow up the government entities so that they publish the portal's link and information on their websites."""

LEGAL_PAGES = {
    "privacy": (
        "سياسة الخصوصية",
        "Privacy policy",
        "<p>تجمع منصة شارك أقل قدر ممكن من البيانات الشخصية: عنوان بريدك الإلكتروني واسم العرض، وما تختار إضافته من فئة عمرية ومكان إقامة لأغراض إحصائية مجمعة فقط.</p>"
        "<p>لا نبيع بياناتك ولا نشاركها مع أي طرف. يمكنك تنزيل بياناتك أو حذف حسابك في أي وقت من صفحة «بياناتي».</p>",
        "<p>Sharik collects as little personal data as it can: your e-mail address and display name, and the age band and place of residence you choose to add, used only in aggregate statistics.</p>"
        "<p>We never sell or share your data. You can download your data or delete your account at any time from the “My data” page.</p>",
    ),
    "terms": (
        "شروط الاستخدام",
        "Terms of use",
        "<p>باستخدامك منصة شارك توافق على المشاركة بأسلوب محترم، وعلى عدم نشر ما يسيء أو يخالف القانون. يحق للمشرفين إخفاء أي مساهمة تخالف هذه الشروط مع بيان السبب.</p>",
        "<p>By using Sharik you agree to take part respectfully and not to post anything offensive or unlawful. Moderators may hide any contribution that breaks these terms, and will say why.</p>",
    ),
    "charter": (
        "ميثاق المتعاملين",
        "Customer charter",
        "<p>نلتزم بالرد على كل مشورة بإعلان نتيجتها وأسباب القرار، وبإبلاغ كل من شارك أو تابع المشورة. نراجع ملاحظاتكم على المنصة خلال خمسة أيام عمل.</p>",
        "<p>We commit to answering every consultation by announcing its outcome and the reasons for the decision, and to telling everyone who took part or followed it. We review your feedback on the portal within five working days.</p>",
    ),
    "disclaimer": (
        "إخلاء المسؤولية",
        "Disclaimer",
        "<p>الآراء المنشورة في المساهمات تعبر عن أصحابها ولا تمثل موقف الحكومة. القرار النهائي في كل مشورة يبقى لصانعي القرار في الجهة المعنية.</p>",
        "<p>Opinions in contributions are their authors' own and do not represent the government. The final decision in every consultation stays with the decision makers of the entity concerned.</p>",
    ),
    "right-to-information": (
        "الحق في الحصول على المعلومات",
        "Right to information",
        "<p>لكل شخص الحق في طلب المعلومات الحكومية غير المحظورة قانوناً. تنشر الجهات نتائج المشورات وبياناتها المفتوحة على شارك، ويمكنك طلب مجموعة بيانات جديدة من صفحة البيانات المفتوحة.</p>",
        "<p>Everyone has the right to request government information that the law does not restrict. Entities publish consultation results and open data on Sharik, and you can request a new dataset from the open data page.</p>",
    ),
}

BLOG_POSTS = [
    (
        "why-e-participation",
        "لماذا المشاركة الإلكترونية؟",
        "Why e-participation?",
        "المشاركة الإلكترونية تجعل المتعاملين شركاء في صنع السياسات وتطوير الخدمات.",
        "E-participation makes people partners in making policies and improving services.",
        "<p>تؤمن حكومة الإمارات بأن أبناء المجتمع شركاء في اتخاذ القرارات. من خلال منصة شارك تطرح الجهات الاتحادية مشوراتها في مكان واحد، ويرى الجمهور ما تقرر بناءً على آرائه.</p>",
        "<p>The government believes that the people are partners in its decisions. Through Sharik, federal entities run their consultations in one place, and the public sees what was decided from its input.</p>",
        ["e-participation", "smart-government"],
        -40,
        "published",
    ),
    (
        "listening-to-students",
        "ماذا تعلمنا من مشورة التعلم عن بعد",
        "What we learned from the distance-learning consultation",
        "آلاف المساهمات من الطلبة وأولياء الأمور غيّرت مسودة السياسة.",
        "Thousands of contributions from students and parents changed the draft policy.",
        "<p>تلقت الوزارة مساهمات كثيرة على مسودة سياسة التعلم عن بعد. أظهرت الآراء الحاجة إلى مرونة أكبر في الجداول، وقد عدلنا المسودة بناءً عليها.</p>",
        "<p>The ministry received many contributions on the draft distance-learning policy. They showed the need for more flexible timetables, and we amended the draft accordingly.</p>",
        ["e-participation"],
        -12,
        "published",
    ),
    (
        "open-data-week",
        "البيانات المفتوحة أساس الشفافية",
        "Open data is the basis of transparency",
        "نشر البيانات بترخيص مفتوح هو المرحلة الأولى من الحكومة المنفتحة.",
        "Publishing data under an open licence is the first stage of open government.",
        "<p>وفق نموذج الإسكوا، تبدأ الحكومة المنفتحة بنشر البيانات بجودة عالية وتحديث مستمر. ندعو الجهات إلى نشر بياناتها على شارك.</p>",
        "<p>In ESCWA's model, open government starts with publishing good-quality, up-to-date data. We invite the entities to publish their data on Sharik.</p>",
        ["open-data", "smart-government"],
        -3,
        "published",
    ),
    (
        "coordinators-network-launch",
        "إطلاق شبكة منسقي المشاركة",
        "Launching the coordinators network",
        "منسق في كل جهة اتحادية.",
        "A coordinator in every federal entity.",
        "<p>مسودة قيد المراجعة.</p>",
        "<p>A draft under review.</p>",
        ["e-participation"],
        None,
        "review",
    ),
]

TAGS = [
    ("e-participation", "المشاركة الإلكترونية", "E-participation"),
    ("smart-government", "الحكومة الذكية", "Smart government"),
    ("open-data", "البيانات المفتوحة", "Open data"),
]

TOOLKIT = [
    (
        "guide",
        "e-participation-guide",
        "الدليل الاسترشادي للمشاركة الإلكترونية",
        "E-participation guide",
        "يشرح الدليل المراحل السبع لحملة المشاركة الإلكترونية، من التحضير إلى التواصل، مع قوائم تحقق لكل مرحلة.",
        "The guide explains the seven phases of an e-participation campaign, from preparation to communication, with a checklist for each phase.",
        30,
        True,
    ),
    (
        "template",
        "campaign-plan-template",
        "قالب خطة حملة المشاركة",
        "Campaign plan template",
        "قالب يجيب عن أسئلة مرحلة التخطيط: الهدف التفصيلي، الفئات المستهدفة، الجدول الزمني، القنوات، الميزانية، وآلية اتخاذ القرار.",
        "A template that answers the planning questions: detailed objective, target groups, timeline, channels, budget and how the decision will be made.",
        60,
        True,
    ),
    (
        "policy",
        "content-moderation-policy",
        "سياسة المحتوى وإدارة المشاركات",
        "Content and moderation policy",
        "مسودة السياسة العامة للمحتوى وإدارة مشاركات الجمهور، تعرض على اللجنة الإشرافية للاعتماد.",
        "Draft general policy for content and for handling public contributions, for the oversight committee to approve.",
        120,
        False,
    ),
    (
        "lesson",
        "lessons-distance-learning",
        "دروس مستفادة: مشورة التعلم عن بعد",
        "Lessons learned: the distance-learning consultation",
        "الإعلان المبكر عبر قنوات التواصل الاجتماعي ضاعف المشاركة؛ والرد على التعليقات خلال أسبوع زاد الثقة.",
        "Announcing early on social media doubled participation; answering comments within a week built trust.",
        10,
        True,
    ),
]
