"""Demo projects: the real projects of Beijum Bruist! and Wijkvernieuwing De Wijert.

Texts are rewritten in plain Dutch (B1) and English from the programme documents
(``../shared/seeds/``). Places and times of activities are examples, relative to today.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from wijkbudget.auth import services as auth_services
from wijkbudget.db import utcnow
from wijkbudget.projects import services, signups
from wijkbudget.projects.models import Audience, JoinWay, ProgrammeLine
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import DUTCH_TIME

A, W = Audience, JoinWay
DEMO_DOMAIN = "demo.wijkbudget.nl"


@dataclass(frozen=True)
class DemoProject:
    slug: str
    wijken: tuple[str, ...]
    line: ProgrammeLine
    title_nl: str
    title_en: str
    summary_nl: str
    summary_en: str
    description_nl: str
    description_en: str
    organisation: str
    audiences: tuple[Audience, ...]
    ways: tuple[JoinWay, ...]
    location: str = ""
    schedule_nl: str = ""
    schedule_en: str = ""
    activity_nl: str = ""
    activity_en: str = ""
    weekday: int = 1  # Tuesday
    hour: int = 10
    min_age: int | None = None
    max_age: int | None = None
    capacity: int | None = None
    needs_guardian: bool = False
    signup_open: bool = True


PROJECTS = (
    DemoProject(
        "beijum-beweegt",
        ("beijum",),
        ProgrammeLine.MEEDOEN,
        "Beijum Beweegt",
        "Beijum Beweegt",
        "Samen bewegen in je eigen wijk, in groepen die bewoners zelf maken.",
        "Exercise together in your own wijk, in groups that residents run themselves.",
        "Beijum Beweegt is een initiatief van bewoners. Zij maken beweeggroepen waar je veilig "
        "en met plezier kunt bewegen. Zo werk je aan je gezondheid en leer je andere bewoners "
        "kennen.\n\nEr zijn groepen voor verschillende leeftijden. Veel groepen sporten bij de "
        "buitenfitness bij het Trefpunt. Je hoeft niet sportief te zijn: iedereen kan meedoen. "
        "Wil je zelf een groep helpen leiden? Dat kan ook.",
        "Beijum Beweegt is an initiative of residents. They set up exercise groups where you can "
        "move safely and have fun. That is good for your health, and you get to know other "
        "residents.\n\nThere are groups for different ages. Many groups meet at the outdoor "
        "fitness area by the Trefpunt. You do not have to be sporty: everyone can join. Would "
        "you like to help lead a group? You can do that too.",
        "Bewonersinitiatief Beijum Beweegt",
        (A.EVERYONE, A.OLDER),
        (W.TAKE_PART, W.VOLUNTEER),
        "Buitenfitness bij het Trefpunt, Beijum",
        "Elke dinsdag van 10.00 tot 11.00 uur",
        "Every Tuesday from 10:00 to 11:00",
        "Samen bewegen bij de buitenfitness",
        "Exercising together at the outdoor fitness area",
        capacity=20,
    ),
    DemoProject(
        "iedereen-doet-mee",
        ("beijum",),
        ProgrammeLine.MEEDOEN,
        "Werkgroep Iedereen Doet Mee",
        "Working group Everyone Takes Part",
        "Samen zorgen dat niemand in Beijum alleen staat.",
        "Together we make sure nobody in Beijum is left alone.",
        "De werkgroep Iedereen Doet Mee wil dat iedereen in Beijum erbij hoort. Bewoners en "
        "organisaties werken samen tegen eenzaamheid.\n\nIn Lief-en-Leedstraten let een "
        "'gangmaker' op de buren: bij iets fijns of iets verdrietigs is er aandacht uit de "
        "Lief-en-Leedpot. Er zijn 'Babbelbaank'n': bankjes in de wijk voor een praatje. En er "
        "zijn samen ontbijten en warme maaltijden. Wil je gangmaker worden, een bankje "
        "adopteren of meedenken? Meld je aan.",
        "The working group Everyone Takes Part wants everyone in Beijum to belong. Residents "
        "and organisations work together against loneliness.\n\nIn 'Lief-en-Leed' streets a "
        "neighbour keeps an eye on the street: when something happy or sad happens, there is "
        "attention from the street's shared fund. There are 'Babbelbaank'n': benches in the "
        "wijk for a chat. And there are shared breakfasts and hot meals. Would you like to look "
        "after your street, adopt a bench or think along? Sign up.",
        "Werkgroep Iedereen Doet Mee (bewoners, WIJ Beijum en partners)",
        (A.EVERYONE, A.OLDER),
        (W.TAKE_PART, W.VOLUNTEER, W.THINK_ALONG),
        "Heerdenhoes, Beijum",
        "Samen eten: elke eerste vrijdag van de maand om 17.30 uur",
        "Eating together: every first Friday of the month at 17:30",
        "Samen eten",
        "Eating together",
        weekday=4,
        hour=17,
    ),
    DemoProject(
        "kansrijke-start-beijum",
        ("beijum",),
        ProgrammeLine.LEREN,
        "Kansrijke Start: de Huiskamer en het Ouder & Kind-café",
        "Kansrijke Start: the Living Room and the Parent & Child café",
        "Voor (aanstaande) ouders en kinderen tot 4 jaar: koffie, vragen stellen en andere "
        "ouders ontmoeten.",
        "For parents and parents-to-be with children up to 4: coffee, questions and meeting "
        "other parents.",
        "De eerste 1000 dagen van een kind zijn heel belangrijk. Dat is van de zwangerschap tot "
        "ongeveer 2 jaar. Kansrijke Start helpt ouders zo vroeg mogelijk.\n\nIn het gebouw van "
        "WIJ Beijum is de Huiskamer. Daar kun je gewoon een kopje koffie drinken. Elke week is "
        "er het Ouder & Kind-café. Jonge ouders en zwangere vrouwen kunnen daar hun vragen "
        "stellen en informatie krijgen. Vaders zijn ook welkom.",
        "The first 1000 days of a child are very important: from pregnancy until about age 2. "
        "Kansrijke Start helps parents as early as possible.\n\nIn the WIJ Beijum building "
        "there is the Living Room, where you can simply drop in for a cup of coffee. Every week "
        "there is the Parent & Child café. Young parents and pregnant women can ask their "
        "questions there and get information. Fathers are welcome too.",
        "Kansrijke Start Beijum (bewoners, WIJ Beijum en gemeente)",
        (A.PARENTS, A.CHILDREN),
        (W.TAKE_PART, W.VOLUNTEER),
        "Huiskamer, gebouw van WIJ Beijum",
        "Ouder & Kind-café: elke woensdag van 9.30 tot 11.30 uur",
        "Parent & Child café: every Wednesday from 9:30 to 11:30",
        "Ouder & Kind-café",
        "Parent & Child café",
        weekday=2,
        hour=9,
    ),
    DemoProject(
        "kansrijk-oost",
        ("beijum", "lewenborg"),
        ProgrammeLine.WERKEN,
        "Kansrijk Oost: buddy worden",
        "Kansrijk Oost: become a buddy",
        "Als buddy help je een buurtgenoot die weinig geld heeft, een jaar lang.",
        "As a buddy you help a neighbour who has little money, for one year.",
        "Kansrijk Oost helpt bewoners die rond het sociaal minimum leven. Elke deelnemer krijgt "
        "een buddy. Samen werken ze aan de dingen die de deelnemer zelf belangrijk vindt: "
        "geldzaken, werk, een opleiding.\n\nBuddy's zijn vrijwilligers en ervaringsdeskundigen. "
        "Je krijgt trainingen bij de Buddy Academie. Je staat er niet alleen voor: WIJ en "
        "andere organisaties helpen mee. Heb je zelf hulp nodig? Meld je dan ook aan.",
        "Kansrijk Oost helps residents who live around the social minimum. Every participant "
        "gets a buddy. Together they work on what the participant finds important: money "
        "matters, work, a course.\n\nBuddies are volunteers and people with experience of "
        "poverty. You get training at the Buddy Academy. You are not on your own: WIJ and other "
        "organisations help. Do you need help yourself? Then sign up as well.",
        "Kansrijk Oost (gemeente Groningen, WIJ en partners)",
        (A.EVERYONE,),
        (W.TAKE_PART, W.VOLUNTEER),
        "WIJ Beijum en WIJ Lewenborg",
        "Buddy Academie: trainingen door het jaar",
        "Buddy Academy: trainings throughout the year",
        "Kennismaking voor nieuwe buddy's",
        "Introduction for new buddies",
        weekday=3,
        hour=19,
        min_age=18,
    ),
    DemoProject(
        "verlengde-schooldag",
        ("beijum", "lewenborg"),
        ProgrammeLine.LEREN,
        "Verlengde Schooldag",
        "Extended School Day",
        "Workshops na school voor basisschoolkinderen: kunst, techniek, natuur en sport.",
        "After-school workshops for primary school children: art, technology, nature and sport.",
        "Elf basisscholen in Beijum en Lewenborg doen mee aan de Verlengde Schooldag. Na "
        "schooltijd zijn er workshops over kunst en cultuur, techniek, digitale vaardigheden, "
        "natuur en sport. Zo krijgt elk kind de kans om te ontdekken waar het goed in is.\n\n"
        "Kun je iets leuks laten zien of leren aan kinderen? Help dan mee als vrijwilliger.",
        "Eleven primary schools in Beijum and Lewenborg take part in the Extended School Day. "
        "After school there are workshops on art and culture, technology, digital skills, "
        "nature and sport. That way every child gets the chance to find out what they are good "
        "at.\n\nCan you show or teach children something fun? Help as a volunteer.",
        "Basisscholen in Beijum en Lewenborg, met gemeente en organisaties",
        (A.CHILDREN,),
        (W.TAKE_PART, W.VOLUNTEER),
        "De basisscholen in Beijum en Lewenborg",
        "Na schooltijd, per school verschillend",
        "After school, different for each school",
        min_age=4,
        max_age=12,
        needs_guardian=True,
    ),
    DemoProject(
        "broedplaats-voor-jongeren",
        ("beijum", "lewenborg"),
        ProgrammeLine.LEREN,
        "Broedplaats voor Jongeren",
        "Broedplaats: a place for young people",
        "Na school sporten, leren en maken op De Kluiverboom.",
        "After school: sport, learn and make things at De Kluiverboom.",
        "De Broedplaats voor Jongeren is er voor jongeren uit Beijum en Lewenborg. Na school "
        "kun je er terecht voor sport en bewegen, cultuur, en hulp bij leren en huiswerk. Drie "
        "scholen werken samen: Werkman VMBO, het Alfa-college en het Noorderpoort.\n\nJe leert "
        "er nieuwe dingen en ontdekt je talenten. Denk mee over wat er komt!",
        "The Broedplaats is for young people from Beijum and Lewenborg. After school you can go "
        "there for sport, culture, and help with learning and homework. Three schools work "
        "together: Werkman VMBO, Alfa-college and Noorderpoort.\n\nYou learn new things and "
        "discover your talents. Help decide what happens!",
        "De Kluiverboom: Werkman VMBO, Alfa-college en Noorderpoort",
        (A.YOUNG_PEOPLE,),
        (W.TAKE_PART, W.THINK_ALONG),
        "De Kluiverboom, Lewenborg",
        "Na schooltijd, maandag tot en met donderdag",
        "After school, Monday to Thursday",
        "Open middag",
        "Open afternoon",
        weekday=0,
        hour=15,
        min_age=12,
        max_age=18,
    ),
    DemoProject(
        "de-werkbeij",
        ("beijum",),
        ProgrammeLine.WONEN,
        "Energiewerkgroep De Werkbeij",
        "Energy group De Werkbeij",
        "Buurtgenoten helpen je energie te besparen, met helder advies.",
        "Neighbours help you save energy, with clear advice.",
        "De Werkbeij is een groep van tien vrijwilligers uit Beijum. Zij helpen bewoners om "
        "energie te besparen en om van het aardgas af te gaan. Je krijgt helder en betrouwbaar "
        "advies, zodat je zelf goede keuzes kunt maken.\n\nDe Werkbeij is er voor en door "
        "bewoners. Wil je advies, of wil je zelf andere bewoners helpen? Meld je aan.",
        "De Werkbeij is a group of ten volunteers from Beijum. They help residents save energy "
        "and move away from natural gas. You get clear and reliable advice, so you can make "
        "good choices yourself.\n\nDe Werkbeij is for and by residents. Would you like advice, "
        "or would you like to help other residents? Sign up.",
        "Energieteam De Werkbeij (bewonersinitiatief)",
        (A.EVERYONE,),
        (W.TAKE_PART, W.VOLUNTEER),
        "Trefpunt, Beijum",
        "Energiespreekuur: elke eerste zaterdag van de maand",
        "Energy advice: every first Saturday of the month",
        "Energiespreekuur",
        "Energy advice hour",
        weekday=5,
        hour=10,
    ),
    DemoProject(
        "heerdenaanpak",
        ("beijum",),
        ProgrammeLine.WONEN,
        "Heerdenaanpak: samen je heerd opknappen",
        "Heerdenaanpak: improving your heerd together",
        "Bewoners, corporaties en gemeente maken samen een plan voor een heerd.",
        "Residents, housing corporations and the gemeente make a plan for a heerd together.",
        "Beijum heeft woonerven: de heerden. Veel bewoners wonen er graag, maar op veel plekken "
        "is de buitenruimte oud en rommelig. Met de Heerdenaanpak maken bewoners, "
        "woningcorporaties, WIJ Groningen en de gemeente samen een plan voor een heerd: voor "
        "veilige straten, groen en plekken om te spelen.\n\nTot en met 2029 worden vijf tot "
        "acht heerden aangepakt. Woon je in een heerd? Denk mee over het plan.",
        "Beijum has residential courts: the heerden. Many residents like living there, but in "
        "many places the outdoor space is old and untidy. In the Heerdenaanpak, residents, "
        "housing corporations, WIJ Groningen and the gemeente make a plan for a heerd together: "
        "for safe streets, greenery and places to play.\n\nUntil 2029, five to eight heerden "
        "will be improved. Do you live in a heerd? Help shape the plan.",
        "Gemeente Groningen, woningcorporaties en WIJ Groningen",
        (A.EVERYONE,),
        (W.THINK_ALONG,),
        "Heerdenhoes, Beijum",
        "Bewonersavonden: de data staan hieronder",
        "Residents' evenings: see the dates below",
        "Bewonersavond Heerdenaanpak",
        "Residents' evening Heerdenaanpak",
        weekday=3,
        hour=19,
    ),
    DemoProject(
        "kinderraad-de-wijert",
        ("de-wijert",),
        ProgrammeLine.LEREN,
        "Kinderraad De Wijert",
        "Children's council De Wijert",
        "Kinderen denken mee over de activiteiten in de vakanties en vrije tijd.",
        "Children help decide on activities in the holidays and free time.",
        "In de Kinderraad praten kinderen uit De Wijert mee. Zij geven advies over wat er in de "
        "vakanties en in de vrije tijd te doen is in de wijk. De Kinderraad denkt ook mee over "
        "verkeersveiligheid en over de binnentuinen.\n\nBen je tussen 8 en 12 jaar en woon je "
        "in De Wijert? Doe mee! Een ouder of verzorger meldt je aan.",
        "In the Children's council, children from De Wijert have their say. They give advice on "
        "what there is to do in the wijk in the holidays and in free time. The council also "
        "thinks along about road safety and the inner gardens.\n\nAre you between 8 and 12 and "
        "do you live in De Wijert? Join in! A parent or carer signs you up.",
        "Netwerk Kansen voor Kinderen De Wijert",
        (A.CHILDREN,),
        (W.THINK_ALONG,),
        "Wijkcentrum (MFC) De Wijert",
        "Eens per maand op woensdagmiddag",
        "Once a month on Wednesday afternoon",
        "Vergadering Kinderraad",
        "Children's council meeting",
        weekday=2,
        hour=14,
        min_age=8,
        max_age=12,
        capacity=12,
        needs_guardian=True,
    ),
    DemoProject(
        "samen-krachtig",
        ("de-wijert",),
        ProgrammeLine.MEEDOEN,
        "Samen Krachtig",
        "Samen Krachtig (Stronger Together)",
        "Oudere bewoners zorgen samen voor aandacht voor dementie en leren elkaar kennen.",
        "Older residents work together on attention for dementia and get to know each other.",
        "Samen Krachtig is een werkgroep van oudere bewoners van De Wijert, samen met een paar "
        "professionals. Zij willen meer aandacht voor dementie, bijvoorbeeld met de "
        "dementie-telefoon.\n\nDe werkgroep wil de ouderen in de wijk beter leren kennen. Ze "
        "gaan mee naar koffie-ochtenden, praatgroepen, bewegen of een workshop. Ze bouwen een "
        "netwerk van ouderen op en gaan op huisbezoek. Wil je meedoen of helpen? Meld je aan.",
        "Samen Krachtig is a working group of older residents of De Wijert, together with a few "
        "professionals. They want more attention for dementia, for example with the dementia "
        "phone line.\n\nThe group wants to get to know the older people in the wijk better. "
        "They go along to coffee mornings, talk groups, exercise or a workshop. They build a "
        "network of older residents and visit people at home. Would you like to join or help? "
        "Sign up.",
        "Werkgroep Samen Krachtig met GON Zuid Vooruit",
        (A.OLDER,),
        (W.TAKE_PART, W.VOLUNTEER, W.THINK_ALONG),
        "Wijkcentrum (MFC) De Wijert",
        "Koffie-ochtend: elke donderdag van 10.00 tot 11.30 uur",
        "Coffee morning: every Thursday from 10:00 to 11:30",
        "Koffie-ochtend",
        "Coffee morning",
        weekday=3,
        hour=10,
    ),
    DemoProject(
        "kansrijk-zuid",
        ("de-wijert",),
        ProgrammeLine.WERKEN,
        "Kansrijk Zuid: buddy's tegen armoede",
        "Kansrijk Zuid: buddies against poverty",
        "Een vrijwillige buddy helpt een jaar lang iemand die weinig geld heeft.",
        "A volunteer buddy helps someone with little money for a whole year.",
        "Kansrijk Zuid wil armoede in De Wijert en Zuid doorbreken. Dat gebeurt met persoonlijke "
        "hulp, op maat. Vrijwillige buddy's helpen een deelnemer een jaar lang. De buddy, de "
        "deelnemer en WIJ werken samen.\n\nWord buddy, of meld je aan als je zelf hulp wilt.",
        "Kansrijk Zuid wants to break the cycle of poverty in De Wijert and the south of the "
        "city. It does so with personal help that fits each person. Volunteer buddies help a "
        "participant for a whole year. The buddy, the participant and WIJ work together.\n\n"
        "Become a buddy, or sign up if you would like help yourself.",
        "Kansrijk Zuid (gemeente Groningen en WIJ)",
        (A.EVERYONE,),
        (W.TAKE_PART, W.VOLUNTEER),
        "WIJ De Wijert",
        "Na aanmelding maken we samen een afspraak",
        "After you sign up, we make an appointment together",
        min_age=18,
    ),
    DemoProject(
        "positieve-gezondheid",
        ("de-wijert",),
        ProgrammeLine.MEEDOEN,
        "Positieve Gezondheid",
        "Positive Health",
        "Een coach bij de huisarts helpt je om zelf grip te houden op je leven en gezondheid.",
        "A coach at the GP practice helps you stay in control of your life and health.",
        "Gezond zijn is meer dan niet ziek zijn. Het gaat ook om hoe je je voelt, wat je "
        "belangrijk vindt en of je mee kunt doen. Bij een aantal huisartsen in De Wijert werkt "
        "een coach Positieve Gezondheid. Samen met de coach kijk je wat jij nodig hebt.\n\n"
        "Wil je een gesprek met de coach, of wil je meedenken over gezondheid in de wijk? "
        "Meld je aan.",
        "Being healthy is more than not being ill. It is also about how you feel, what matters "
        "to you and whether you can take part. At several GP practices in De Wijert a Positive "
        "Health coach works. Together with the coach you look at what you need.\n\nWould you "
        "like a talk with the coach, or to think along about health in the wijk? Sign up.",
        "Huisartspraktijken in De Wijert met WIJ Groningen",
        (A.EVERYONE,),
        (W.TAKE_PART, W.THINK_ALONG),
        "Huisartspraktijken in De Wijert",
        "Op afspraak",
        "By appointment",
    ),
)


def _privacy(project: DemoProject) -> tuple[str, str]:
    nl = (
        f"We vragen je naam en je e-mailadres of telefoonnummer om je te kunnen uitnodigen "
        f"voor {project.title_nl} en om contact met je op te nemen. We gebruiken ze nergens "
        f"anders voor en geven ze aan niemand anders."
    )
    en = (
        f"We ask for your name and your e-mail address or phone number so we can invite you to "
        f"{project.title_en} and contact you. We use them for nothing else and give them to "
        f"nobody else."
    )
    if project.needs_guardian:
        nl += " Voor kinderen vragen we ook de naam en toestemming van een ouder of verzorger."
        en += " For children we also ask for the name and permission of a parent or carer."
    return nl, en


def _next_weekday(today: date, weekday: int, weeks_ahead: int) -> date:
    days = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=days + 7 * weeks_ahead)


def load_demo(wijken: dict[str, Wijk], today: date) -> dict[str, str]:
    """Add the demo projects, a coordinator, and a few example sign-ups; returns the login."""
    email = f"coordinator@{DEMO_DOMAIN}"
    password = secrets.token_urlsafe(9)
    auth_services.create_user(
        email, "Cora Coördinator", password, locale="nl", confirmed_at=utcnow()
    )
    created = {}
    for demo in PROJECTS:
        privacy_nl, privacy_en = _privacy(demo)
        project = services.create_project(
            None,
            services.ProjectData(
                slug=demo.slug,
                programme_line=demo.line,
                title_nl=demo.title_nl,
                title_en=demo.title_en,
                summary_nl=demo.summary_nl,
                summary_en=demo.summary_en,
                description_nl=demo.description_nl,
                description_en=demo.description_en,
                organisation=demo.organisation,
                privacy_nl=privacy_nl,
                privacy_en=privacy_en,
                wijken=[wijken[slug] for slug in demo.wijken],
                audiences=list(demo.audiences),
                join_ways=list(demo.ways),
                contact_email=f"{demo.slug}@{DEMO_DOMAIN}",
                location=demo.location,
                schedule_nl=demo.schedule_nl,
                schedule_en=demo.schedule_en,
                min_age=demo.min_age,
                max_age=demo.max_age,
                capacity=demo.capacity,
                signup_open=demo.signup_open,
                needs_guardian=demo.needs_guardian,
                ends_on=date(today.year + 1, 12, 31),
            ),
        )
        created[demo.slug] = project
        if demo.activity_nl:
            for week in range(3):
                day = _next_weekday(today, demo.weekday, week)
                start = datetime.combine(day, time(demo.hour), tzinfo=DUTCH_TIME)
                services.add_activity(
                    None,
                    project,
                    title_nl=demo.activity_nl,
                    title_en=demo.activity_en,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1, minutes=30),
                )
    for slug in ("beijum-beweegt", "kinderraad-de-wijert"):
        services.add_coordinator(None, created[slug], email)
    now = utcnow()
    signups.sign_up(
        created["beijum-beweegt"],
        signups.SignupData(
            name="Henk (voorbeeld)", way=JoinWay.TAKE_PART, phone="06 12345678", locale="nl"
        ),
        now,
    )
    signups.sign_up(
        created["kinderraad-de-wijert"],
        signups.SignupData(
            name="Sara (voorbeeld)",
            way=JoinWay.THINK_ALONG,
            email=f"ouder@{DEMO_DOMAIN}",
            guardian_name="Mila (voorbeeld)",
            guardian_consent=True,
            child_age=10,
        ),
        now,
    )
    return {email: password}
