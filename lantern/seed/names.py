"""Word lists for synthetic records. Invented street names; common given names.

Nothing here describes a real person. Street names are made up from two parts so
that they read like English streets without copying any gazetteer.
"""

STREET_FIRST = (
    "Alder", "Ashwell", "Barley", "Beacon", "Birchfield", "Bramble", "Brook", "Carr",
    "Chalk", "Cherrytree", "Clover", "Cobble", "Coldharbour", "Coppice", "Cotton", "Cranwell",
    "Dale", "Dunlin", "Elmfield", "Ferncroft", "Ferry", "Fieldfare", "Flax", "Foxglove",
    "Garth", "Glebe", "Gorse", "Granary", "Hawthorn", "Hazel", "Heron", "Hollin", "Holme",
    "Ings", "Jetty", "Keel", "Kestrel", "Kiln", "Lantern", "Larch", "Lark", "Linnet", "Lock",
    "Maltings", "Mallard", "Maple", "Marsh", "Meadow", "Mill", "Mistle", "Moorhen", "Netting",
    "Oakwell", "Orchard", "Osier", "Otter", "Pasture", "Pinfold", "Plover", "Quayside",
    "Reed", "Ropery", "Rowan", "Rush", "Saltings", "Sandpiper", "Sedge", "Sheaf", "Sloe",
    "Sorrel", "Staith", "Starling", "Swale", "Tanner", "Teasel", "Thistle", "Tidewater",
    "Timber", "Trawler", "Wagtail", "Warp", "Waterside", "Wharf", "Whinchat", "Willow",
    "Windmill", "Wold", "Wren", "Yarrow",
)
STREET_SECOND = (
    "Street", "Road", "Avenue", "Grove", "Close", "Terrace", "Walk", "Way", "Lane",
    "Crescent", "Gardens", "Court", "Drive", "Place", "Garth", "Mews", "Rise", "View",
)

# Given names of unaccompanied young people, by region of origin (common names only).
UASC_NAMES = {
    "BAFR": (
        ("Dawit", "Yonas", "Semere", "Mussie", "Abel", "Filmon", "Mohammed", "Ahmed",
         "Yusuf", "Ibrahim", "Robel", "Henok"),
        ("Selam", "Helen", "Ruth", "Feven", "Amina", "Hawa"),
        ("Tesfay", "Haile", "Kidane", "Gebre", "Abraha", "Osman", "Adam", "Ali", "Mohamed",
         "Yohannes"),
    ),
    "AOTH": (
        ("Ahmad", "Mohammad", "Ali", "Hamid", "Bilal", "Naveed", "Rahim", "Samiullah",
         "Zabiullah", "Hassan"),
        ("Maryam", "Zahra", "Fatima"),
        ("Ahmadi", "Rahimi", "Karimi", "Noori", "Hakimi", "Safi", "Sultani", "Amiri"),
    ),
    "OOTH": (
        ("Aram", "Hawre", "Karwan", "Rebwar", "Soran", "Dilan", "Reza", "Omid", "Hiwa",
         "Shvan"),
        ("Rojin", "Shilan", "Nasrin"),
        ("Ahmed", "Hussein", "Rasul", "Karim", "Mahmoud", "Abdullah", "Jaf", "Salih"),
    ),
    "WOTH": (
        ("Arben", "Besnik", "Erion", "Klevis", "Ardit", "Endrit", "Flori", "Luan"),
        ("Elira", "Anisa"),
        ("Hoxha", "Krasniqi", "Shehu", "Gashi", "Berisha", "Dervishi", "Leka"),
    ),
}

PREFERRED = {
    "William": "Will", "Alexander": "Alex", "Benjamin": "Ben", "Joseph": "Joe",
    "Thomas": "Tom", "Daniel": "Dan", "Samuel": "Sam", "Matthew": "Matt",
    "Elizabeth": "Beth", "Rebecca": "Becky", "Katherine": "Katie", "Jessica": "Jess",
    "Victoria": "Tori", "Charlotte": "Lottie", "Abigail": "Abbie", "Nathaniel": "Nate",
}

# Ethnicity of families in the synthetic council (roughly Hull's mix of children).
ETHNICITY_WEIGHTS = {
    "WBRI": 820, "WOTH": 40, "WIRI": 3, "WIRT": 3, "WROM": 6, "MWBC": 18, "MWBA": 12,
    "MWAS": 10, "MOTH": 15, "AIND": 3, "APKN": 4, "ABAN": 2, "AOTH": 8, "BCRB": 2,
    "BAFR": 15, "BOTH": 4, "CHNE": 4, "OOTH": 12, "REFU": 3, "NOBT": 10,
}
UASC_ETHNICITY_WEIGHTS = {"BAFR": 35, "AOTH": 25, "OOTH": 30, "WOTH": 10}
