"""A small, known workspace for the widget tests, and the objects widgets are given.

The workspace is built once per test session through the models (a few hundred
companies with contacts, phones, segments, queues, fields and some history) and copied
for each test, so a test may change its own copy.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.config import Profile, Settings
from app.db import Database, open_profile
from app.gui import install_translators, remove_translators
from app.services.defaults import DEFAULT_DISPOSITIONS, SEGMENTS
from app.services.lookups import VOIVODESHIPS
from app.services.normalize import search_key
from models import (
    CallAttempt,
    Callback,
    Campaign,
    Company,
    CompanySegment,
    Consent,
    Contact,
    Disposition,
    FieldDefinition,
    FieldValue,
    Meeting,
    PhoneNumber,
    QueueItem,
    SalesRep,
    Segment,
    User,
)
from scripts_lead_gen.fields import load_bundled_fields
from widgets.main_window import MainWindow
from widgets.tasks import TaskRunner

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
COMPANIES = 320  # more than one page of 200 rows
KNOWN_NAME = "Transpol Logistyka sp. z o.o."
KNOWN_NIP = "1234563218"  # valid checksum; searched for as "PL 123-456-32-18"
KNOWN_PHONE = "+48226543210"  # searched for as "(22) 654-32-10"
KNOWN_CITY = "Kraków"
TOWNS = ("Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Lublin", "Kielce")
WORDS = ("Trans", "Bud", "Agro", "Hurt", "Cargo", "Serwis", "Logis", "Dystrybucja")
FORMS = ("sp. z o.o.", "S.A.", "s.c.", "sp.j.", "")


def _nip(rng: random.Random) -> str:
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        head = [rng.randint(1, 9), *(rng.randint(0, 9) for _ in range(8))]
        check = sum(d * w for d, w in zip(head, weights, strict=True)) % 11
        if check != 10:
            return "".join(map(str, head)) + str(check)


def _fill(db: Database) -> dict[str, Any]:
    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with db.session() as s:
        agent = User(username="agent1", full_name="Anna Nowak", role="agent", team="Zespół A")
        boss = User(username="supervisor", full_name="Ewa Zielińska", role="supervisor")
        s.add_all([agent, boss])
        for i, f in enumerate(load_bundled_fields()):
            s.add(
                FieldDefinition(
                    key=f.key,
                    group=f.group,
                    type=f.type,
                    label_pl=f.label_pl,
                    label_en=f.label_en,
                    required=f.required,
                    choices=[c.model_dump() for c in f.choices],
                    position=i,
                )
            )
        segments = [
            Segment(key=k, name_pl=pl, name_en=en, description=d, rule=r, color=c, position=i)
            for i, (k, pl, en, d, r, c) in enumerate(SEGMENTS)
        ]
        s.add_all(segments)
        for i, d in enumerate(DEFAULT_DISPOSITIONS):
            s.add(Disposition(campaign_id=None, position=i, **d))
        lq = Campaign(
            key="kwalifikacja",
            name="Kwalifikacja flot",
            type="lead_generation",
            description="Profilowanie bazy firm flotowych.",
        )
        fitd = Campaign(key="fitd", name="Foot In The Door", type="foot_in_the_door")
        rep = SalesRep(
            code="REP-C", full_name="Paweł Jankowski", territory={"voivodeships": ["mazowieckie"]}
        )
        s.add_all([lq, fitd, rep])
        s.flush()
        statuses = ("new", "callback", "retry", "done")
        for n in range(COMPANIES):
            known = n == 0
            town = KNOWN_CITY if known else TOWNS[n % len(TOWNS)]
            voiv = VOIVODESHIPS[n % len(VOIVODESHIPS)][0]
            name = (
                KNOWN_NAME
                if known
                else (f"{rng.choice(WORDS)}-{n:03d} {rng.choice(FORMS)}".strip())
            )
            phone = KNOWN_PHONE if known else f"+4822{3000000 + n:07d}"
            company = Company(
                name=name,
                name_key=search_key(name),
                nip=KNOWN_NIP if known else _nip(rng),
                regon=None,
                street="ul. Długa",
                building=str(n + 1),
                postcode="00-950",
                city=town,
                city_key=search_key(town),
                voivodeship="mazowieckie" if known else voiv,
                phone=phone,
                email=f"biuro{n}@example.pl",
                industry="transport",
                employees=25,
            )
            s.add(company)
            s.flush()
            s.add(PhoneNumber(company_id=company.id, e164=phone, kind="landline"))
            contact = Contact(
                company_id=company.id,
                first_name="Jan",
                last_name=f"Kowalski{n}",
                role="fleet_manager",
                is_decision_maker=True,
                email=f"jan{n}@example.pl",
                calling_windows=[{"days": [0, 1, 2, 3, 4], "from": "08:00", "to": "12:00"}],
            )
            s.add(contact)
            s.flush()
            s.add(
                PhoneNumber(
                    company_id=company.id,
                    contact_id=contact.id,
                    e164=f"+4860{1000000 + n:07d}",
                    kind="mobile",
                )
            )
            s.add(CompanySegment(company_id=company.id, segment_id=segments[n % 3].id))
            s.add(
                QueueItem(
                    campaign_id=lq.id, company_id=company.id, status=statuses[n % 4], attempts=n % 3
                )
            )
            if known:
                s.add_all(
                    [
                        Contact(
                            company_id=company.id,
                            first_name="Maria",
                            last_name="Wiśniewska",
                            role="owner",
                            is_decision_maker=True,
                        ),
                        FieldValue(company_id=company.id, field_key="fleet_cars", value=12),
                        FieldValue(company_id=company.id, field_key="fleet_trucks", value=40),
                        CallAttempt(
                            campaign_id=lq.id,
                            company_id=company.id,
                            agent_id=agent.id,
                            started_at=now - dt.timedelta(days=3),
                            disposition_code="no_answer",
                        ),
                        CallAttempt(
                            campaign_id=lq.id,
                            company_id=company.id,
                            agent_id=agent.id,
                            contact_id=contact.id,
                            started_at=now - dt.timedelta(hours=1),
                            talk_seconds=240,
                            disposition_code="qualified",
                        ),
                        Callback(
                            campaign_id=lq.id,
                            company_id=company.id,
                            owner_id=agent.id,
                            due_at=now + dt.timedelta(days=1),
                            note="Prosi o telefon rano.",
                            created_at=now - dt.timedelta(days=2),
                        ),
                        Meeting(
                            rep_id=rep.id,
                            company_id=company.id,
                            campaign_id=fitd.id,
                            start_at=now + dt.timedelta(days=5),
                            end_at=now + dt.timedelta(days=5, hours=1),
                            status="confirmed",
                            booked_by=agent.id,
                            booked_at=now - dt.timedelta(minutes=30),
                        ),
                        Consent(
                            company_id=company.id,
                            contact_id=contact.id,
                            channel="phone",
                            kind="opt_in",
                            source="call",
                            recorded_at=now - dt.timedelta(days=1),
                        ),
                        QueueItem(campaign_id=fitd.id, company_id=company.id, status="done"),
                    ]
                )
        known_id = s.query(Company.id).filter(Company.name == KNOWN_NAME).scalar()
    return {"known_id": str(known_id)}


@pytest.fixture(scope="session")
def workspace_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("template")
    profile = Profile(root)
    db = open_profile(profile, create=True)
    info = _fill(db)
    db.dispose()
    return root, info


@pytest.fixture
def profile(tmp_path: Path, workspace_template: tuple[Path, dict[str, Any]]) -> Profile:
    """A fresh copy of the test workspace."""
    root = tmp_path / "workspace"
    template = Profile(workspace_template[0])
    Profile(root).ensure()
    shutil.copy2(template.db_path, Profile(root).db_path)
    return Profile(root)


@pytest.fixture
def known_company(workspace_template: tuple[Path, dict[str, Any]]) -> str:
    return str(workspace_template[1]["known_id"])


@pytest.fixture
def db(profile: Profile) -> Iterator[Database]:
    database = open_profile(profile, create=False)
    yield database
    database.dispose()


@pytest.fixture
def runner(qtbot: QtBot, db: Database) -> Iterator[TaskRunner]:
    """The worker pools; at teardown every task has finished and delivered its result."""
    tasks = TaskRunner()
    yield tasks
    assert tasks.wait(10000), "worker tasks still running after the test"
    QCoreApplication.processEvents()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    tasks.deleteLater()


def _catalogues_built() -> None:
    for language in ("pl", "en"):
        if not (TRANSLATIONS / f"prospector_{language}.qm").is_file():
            pytest.fail(f"prospector_{language}.qm is missing: run 'make translations'")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The UI in English, as the app sets it up for an English user."""
    _catalogues_built()
    previous = QLocale()
    translators = install_translators(qapp, "en")
    yield
    remove_translators(qapp, translators)
    QLocale.setDefault(previous)


@pytest.fixture
def polish(qapp: QApplication) -> Iterator[None]:
    """The UI in Polish: our catalogue and Qt's own."""
    _catalogues_built()
    previous = QLocale()
    translators = install_translators(qapp, "pl")
    yield
    remove_translators(qapp, translators)
    QLocale.setDefault(previous)


@pytest.fixture
def window(
    qtbot: QtBot, db: Database, runner: TaskRunner, profile: Profile, english: None
) -> MainWindow:
    main = MainWindow(
        db=db, runner=runner, profile=profile, settings=Settings(profile), language="en"
    )
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    return main
