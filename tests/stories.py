"""Articles written for the deduplication tests: one wire story, its copies, and look-alikes.

The places and people are invented. `WIRE_STORY` is the original; `syndicated_copy` is how a
subscriber runs it (its own headline line, a newsletter plug and credit line, a few words edited
by its desk); `SAME_TOPIC_STORY` is another outlet's own reporting of the same event, sharing
facts, names and numbers but not the wording; `OTHER_STORY` is about something else.
"""

from __future__ import annotations

WIRE_STORY = [
    "VARKA, March 3 (Meridian Wire) - A dam on the upper Varka river gave way before dawn on "
    "Tuesday, sending a wall of water through three villages in the valley below.",
    "The regional emergency service said at least 14 people were killed and 30 were missing "
    "after the breach, which followed a week of unusually heavy rain in the highlands.",
    "Rescue teams in boats and two army helicopters searched flooded orchards and rooftops "
    "through the morning, and the service said it had pulled 212 people from the water.",
    "Governor Ilse Maravec told reporters at the scene that engineers had warned about cracks in "
    "the structure last autumn and that repairs had been scheduled for the summer.",
    '"We will find out who knew what and when," Maravec said, standing on a bridge that had '
    'survived the flood. "Right now every boat we have is on the water."',
    "The dam, built in the 1960s to irrigate the valley's fruit farms, held back a reservoir of "
    "about four million cubic metres, according to the provincial water authority.",
    "Residents of Dolna Varka, the largest of the flooded villages, said the water rose in "
    "minutes and carried away cars, livestock and the wooden footbridge to the school.",
    "The water authority said it had opened the sluice gates of a second dam downstream to stop "
    "the flood from reaching the town of Pell, home to around 40,000 people.",
    "Forecasters expect more rain in the highlands on Thursday, and the emergency service asked "
    "people living along the river to move to higher ground until the weekend.",
    "The national government said it would send a team of structural engineers to inspect the "
    "remaining dams in the province, several of which date from the same decade.",
    "Hospitals in Pell and in the provincial capital said they were treating 57 people for "
    "injuries and hypothermia, eleven of them children, and that blood supplies were adequate.",
    "The railway line along the river was closed after a section of embankment collapsed near "
    "the village of Gorna Varka, and the operator said repairs would take at least a month.",
    "Aid agencies said they were sending tents, water purification tablets and blankets, and "
    "that the main road into the valley had reopened to emergency traffic by the afternoon.",
    "Opposition lawmakers called for the head of the provincial water authority to resign, "
    "saying the warnings about the dam had been ignored for more than a year.",
    "The water authority said in a statement that it would cooperate fully with any inquiry and "
    "that its staff had been working around the clock since the breach.",
]

SAME_TOPIC_STORY = [
    "DOLNA VARKA - When the Varka dam failed on Tuesday morning, Petra Sendal was awake, feeding "
    "her newborn son by the kitchen window of her family's farmhouse.",
    "She heard a roar like a train and saw the orchard disappear under brown water within a "
    "minute, she said. Her family climbed into the attic and waited there for five hours.",
    "Officials say at least 14 people were killed and dozens remain missing in the valley, where "
    "the flood swept through three villages and destroyed most of the bridges.",
    "Many people here say they had complained for years about the state of the dam. A petition "
    "signed by 300 residents was sent to the provincial capital two winters ago.",
    "Governor Ilse Maravec has promised an inquiry. On Wednesday she visited a school gym in "
    "Pell that now shelters several hundred people from the flooded villages.",
    "Volunteers from across the province arrived with blankets, bread and drinking water, and a "
    "local bakery has been handing out food to rescue crews for free since the disaster.",
    "For the farmers of the valley, the flood came weeks before the cherry harvest. Sendal said "
    "her family lost every tree and has no idea how they will pay back their loans.",
    "Engineers from the capital are expected to begin inspecting other dams in the province next "
    "week. Until then, people living along the river have been told to stay on higher ground.",
]

OTHER_STORY = [
    "The city council of Harlow Bay approved a plan on Monday to replace its ageing tram fleet "
    "with thirty low-floor vehicles by the end of the decade.",
    "Council members said the new trams would be quieter, use less electricity and carry "
    "wheelchairs and prams without the steep steps that passengers complain about.",
    "The plan still needs money from the national transport fund, which will decide on the "
    "city's application in the autumn, a council spokesman said.",
    "Opposition councillors argued that buses would be cheaper and could reach the new suburbs "
    "on the hills, where the tram lines do not go.",
]


def syndicated_copy(paragraphs: list[str]) -> list[str]:
    """How a subscribing outlet runs a wire story: own furniture, a few desk edits."""
    edited = [
        paragraph.replace("on Tuesday", "Tuesday")
        .replace("told reporters at the scene", "told reporters")
        .replace("in the valley below", "below it")
        for paragraph in paragraphs
    ]
    return [
        "Sign up for our morning briefing and get the day's top stories by email.",
        *edited,
        "Additional reporting by the Harlow Evening Post newsroom.",
    ]
