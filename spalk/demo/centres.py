"""The eight recognised CIGs (seed 000, last page): public contact data of the organisations."""

from __future__ import annotations

from spalk.centres.models import Centre

CENTRES = [
    ("CIG Ten Anker", "ANK", "Heilig Hartlaan 14", "8400", "Oostende", "059/23 46 78",
     "cigtenanker@cigtenanker.be", "https://www.cigtenanker.be"),
    ("CIG De Merode", "MER", "Lichtaartsebaan 50", "2460", "Kasterlee", "014/36 90 60",
     "cig.demerode@terloke.be", "https://www.terloke.be/gezinsondersteuning"),
    ("CIG De Stobbe", "STO", "J. De Geyterstraat 57", "2020", "Antwerpen", "03/260 68 60",
     "destobbe@cigdestobbe.be", ""),
    ("CIG Vogelzang", "VGZ", "Vogelzanglaan 44", "1150", "Brussel", "02/660 58 70", "info@vgz-co.be", ""),
    ("CIG De Zeshoek", "ZES", "Vlasstraat 51", "3920", "Lommel", "011/54 04 20", "dezeshoekvzw@skynet.be",
     "https://www.cigdezeshoekvzw.be"),
    ("CIG De Shelter", "SHE", "Tervuursevest 176", "3000", "Leuven", "0474/88 78 34", "", "https://www.wissel.be"),
    ("CIG Sint-Jan Baptist", "SJB", "Kiekenstraat 4", "9000", "Gent", "09/226 12 76",
     "begeleidingstehuis.sjb@wol.be", "https://www.begeleidingstehuis-sjb.be"),
    ("CIG Huis Ter Leye", "HTL", "Groeningestraat 34", "8500", "Kortrijk", "056/22 20 51", "info@huisterleye.be",
     "https://www.cighuisterleye.be"),
]


# fictional 24/7 permanence numbers (a mobile on call), E.164 as the centre screen stores them
PERMANENCE = {"ANK": "+32470990000", "STO": "+32470990001"}


def load(*, stdout) -> None:
    for name, short, street, pc, city, phone, email, web in CENTRES:
        Centre.objects.update_or_create(
            short_name=short,
            defaults={"name": name, "street": street, "postal_code": pc, "city": city, "phone": phone,
                      "email": email, "website": web, "permanence_phone": PERMANENCE.get(short, "")},
        )
