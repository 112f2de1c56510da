<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name></name>
    <message>
        <location filename="../../widgets/script_graph.py" line="173"/>
        <source>The graph appears when the script can be read.</source>
        <translation>Graf pojawi się, gdy skrypt da się odczytać.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_graph.py" line="200"/>
        <source>no such node</source>
        <translation>nie ma takiego węzła</translation>
    </message>
    <message>
        <location filename="../../widgets/script_graph.py" line="205"/>
        <source>ask: {field}</source>
        <translation>pytanie: {field}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_graph.py" line="228"/>
        <source>reached by the objection {id}</source>
        <translation>prowadzi tu obiekcja {id}</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../widgets/admin_page.py" line="33"/>
        <source>Admin</source>
        <translation>Administracja</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="35"/>
        <source>Who works in this workspace and which qualification fields agents fill in. Adding users, roles and passwords comes with the central server; editing fields and campaigns with the administration module.</source>
        <translation>Kto pracuje w tej bazie i jakie pola kwalifikacyjne wypełniają konsultanci. Dodawanie użytkowników, ról i haseł pojawi się razem z serwerem centralnym, a edycja pól i kampanii — z modułem administracyjnym.</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="40"/>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="40"/>
        <source>no</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="43"/>
        <source>Username</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="44"/>
        <source>Name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="45"/>
        <source>Role</source>
        <translation>Rola</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="46"/>
        <source>Team</source>
        <translation>Zespół</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="47"/>
        <source>Active</source>
        <translation>Aktywny</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="54"/>
        <source>Group</source>
        <translation>Grupa</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="55"/>
        <source>Key</source>
        <translation>Klucz</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="56"/>
        <source>Label</source>
        <translation>Etykieta</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="57"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="58"/>
        <source>Required</source>
        <translation>Wymagane</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="59"/>
        <source>Choices</source>
        <translation>Opcje</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="72"/>
        <source>Users</source>
        <translation>Użytkownicy</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="73"/>
        <source>Qualification fields</source>
        <translation>Pola kwalifikacyjne</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="100"/>
        <source>Users ({n})</source>
        <translation>Użytkownicy ({n})</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="101"/>
        <source>Qualification fields ({n})</source>
        <translation>Pola kwalifikacyjne ({n})</translation>
    </message>
</context>
<context>
    <name>AgentConsolePage</name>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="48"/>
        <source>Agent console</source>
        <translation>Konsola konsultanta</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="50"/>
        <source>This is where agents will work their call queue. Until the console arrives, here is what is waiting in each campaign&apos;s queue and the rules it is called by. Double-click a campaign, or use the buttons below, to browse its companies.</source>
        <translation>Tutaj konsultanci będą pracować z kolejką połączeń. Zanim pojawi się konsola, widać tu, co czeka w kolejce każdej kampanii i według jakich zasad jest dzwonione. Kliknij dwukrotnie kampanię albo użyj przycisków poniżej, aby przejrzeć jej firmy.</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="58"/>
        <source>Campaign</source>
        <translation>Kampania</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="59"/>
        <source>Type</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="60"/>
        <source>New</source>
        <translation>Nowe</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="61"/>
        <source>Callbacks</source>
        <translation>Oddzwonienia</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="62"/>
        <source>To retry</source>
        <translation>Do ponowienia</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="63"/>
        <source>Done</source>
        <translation>Zakończone</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="64"/>
        <source>Total</source>
        <translation>Razem</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="73"/>
        <source>Selected campaign</source>
        <translation>Wybrana kampania</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="82"/>
        <source>What it is:</source>
        <translation>Opis:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="83"/>
        <source>Agents introduce themselves as:</source>
        <translation>Konsultanci przedstawiają się jako:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="84"/>
        <source>Calling hours (callee&apos;s time):</source>
        <translation>Godziny dzwonienia (czas odbiorcy):</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="85"/>
        <source>Attempts:</source>
        <translation>Próby:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="95"/>
        <source>Browse the queue:</source>
        <translation>Przeglądaj kolejkę:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="97"/>
        <source>Coming next in the agent console</source>
        <translation>Wkrótce w konsoli konsultanta</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="100"/>
        <source>&lt;ul&gt;&lt;li&gt;Next company from the queue with one key, callbacks first when due, only within the callee&apos;s calling hours.&lt;/li&gt;&lt;li&gt;The campaign&apos;s call script step by step, with the answers saved straight into the qualification fields.&lt;/li&gt;&lt;li&gt;Call outcome hotkeys (F1–F10), callbacks for yourself or the team.&lt;/li&gt;&lt;li&gt;Booking a meeting in a sales rep&apos;s free slot while still on the phone.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;ul&gt;&lt;li&gt;Następna firma z kolejki jednym klawiszem — najpierw zaległe oddzwonienia, zawsze w godzinach, w których wolno dzwonić do odbiorcy.&lt;/li&gt;&lt;li&gt;Skrypt rozmowy kampanii krok po kroku, z odpowiedziami zapisywanymi od razu w polach kwalifikacyjnych.&lt;/li&gt;&lt;li&gt;Wyniki rozmów pod klawiszami F1–F10, oddzwonienia dla siebie lub dla całego zespołu.&lt;/li&gt;&lt;li&gt;Umawianie spotkania w wolnym terminie przedstawiciela jeszcze w trakcie rozmowy.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="114"/>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="169"/>
        <source>There are no campaigns in this workspace yet.</source>
        <translation>W tej bazie nie ma jeszcze kampanii.</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="173"/>
        <source>All</source>
        <translation>Wszystkie</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="182"/>
        <source>at most {total} per company, {daily} a day, at least {gap} minutes apart</source>
        <translation>najwyżej {total} na firmę, {daily} dziennie, w odstępach co najmniej {gap} min</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="193"/>
        <source>{status}: {n}</source>
        <translation>{status}: {n}</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="198"/>
        <source>All: {n}</source>
        <translation>Wszystkie: {n}</translation>
    </message>
</context>
<context>
    <name>CallbackStatus</name>
    <message>
        <location filename="../../widgets/labels.py" line="50"/>
        <source>pending</source>
        <translation>oczekuje</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="51"/>
        <source>done</source>
        <translation>wykonane</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="52"/>
        <source>cancelled</source>
        <translation>anulowane</translation>
    </message>
</context>
<context>
    <name>CompaniesView</name>
    <message>
        <location filename="../../widgets/companies_view.py" line="58"/>
        <source>Name, NIP, phone or town…</source>
        <translation>Nazwa, NIP, telefon lub miejscowość…</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="61"/>
        <source>Search by company name, NIP (any formatting), phone number or town. Ctrl+F comes here, Esc clears, Enter opens the first company.</source>
        <translation>Szukaj po nazwie firmy, NIP-ie (w dowolnym zapisie), numerze telefonu lub miejscowości. Ctrl+F przenosi tutaj, Esc czyści, Enter otwiera pierwszą firmę.</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="71"/>
        <source>Clear filters</source>
        <translation>Wyczyść filtry</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="153"/>
        <source>All segments</source>
        <translation>Wszystkie segmenty</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="154"/>
        <source>All voivodeships</source>
        <translation>Wszystkie województwa</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="157"/>
        <source>All campaigns</source>
        <translation>Wszystkie kampanie</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="158"/>
        <source>Any queue status</source>
        <translation>Dowolny status w kolejce</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="162"/>
        <location filename="../../widgets/companies_view.py" line="190"/>
        <source>Choose a campaign first</source>
        <translation>Najpierw wybierz kampanię</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/companies_view.py" line="302"/>
        <source>%Ln companies</source>
        <translation>
            <numerusform>%Ln firma</numerusform>
            <numerusform>%Ln firmy</numerusform>
            <numerusform>%Ln firm</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="306"/>
        <source>Searching…</source>
        <translation>Szukam…</translation>
    </message>
</context>
<context>
    <name>CompanyCard</name>
    <message>
        <location filename="../../widgets/company_card.py" line="54"/>
        <source>Choose a company in the list to see its card.

Search by name, NIP, phone number or town. Ctrl+F jumps to the search box, Esc clears it, Enter opens the highlighted company.</source>
        <translation>Wybierz firmę z listy, aby zobaczyć jej kartę.

Szukaj po nazwie, NIP-ie, numerze telefonu lub miejscowości. Ctrl+F przenosi do pola wyszukiwania, Esc je czyści, Enter otwiera zaznaczoną firmę.</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="93"/>
        <source>Tax IDs:</source>
        <translation>Identyfikatory:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="94"/>
        <source>Address:</source>
        <translation>Adres:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="95"/>
        <source>Phones:</source>
        <translation>Telefony:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="96"/>
        <source>E-mail, web:</source>
        <translation>E-mail, WWW:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="97"/>
        <source>Business:</source>
        <translation>Działalność:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="102"/>
        <source>Segments:</source>
        <translation>Segmenty:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="194"/>
        <source>Contacts ({n})</source>
        <translation>Osoby kontaktowe ({n})</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="197"/>
        <source>Qualification ({filled}/{total})</source>
        <translation>Kwalifikacja ({filled}/{total})</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="201"/>
        <source>History ({n})</source>
        <translation>Historia ({n})</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="209"/>
        <source>NIP {nip}</source>
        <translation>NIP {nip}</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="211"/>
        <source>REGON {regon}</source>
        <translation>REGON {regon}</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="219"/>
        <source>{name} voivodeship</source>
        <translation>woj. {name}</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="235"/>
        <source>{n} employees</source>
        <translation>zatrudnienie: {n} os.</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="247"/>
        <source>none</source>
        <translation>brak</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../widgets/company_table_model.py" line="74"/>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="75"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="76"/>
        <source>City</source>
        <translation>Miejscowość</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="77"/>
        <source>Postcode</source>
        <translation>Kod</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="78"/>
        <source>Voivodeship</source>
        <translation>Województwo</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="79"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="80"/>
        <source>Street</source>
        <translation>Ulica</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="118"/>
        <source>Click to sort by this column</source>
        <translation>Kliknij, aby posortować według tej kolumny</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="31"/>
        <source>No contacts recorded for this company yet.</source>
        <translation>Dla tej firmy nie zapisano jeszcze żadnych osób kontaktowych.</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="47"/>
        <source>(no name)</source>
        <translation>(bez nazwiska)</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="54"/>
        <source>{role} · decision maker</source>
        <translation>{role} · decydent</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="56"/>
        <source>Decision maker</source>
        <translation>Decydent</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="66"/>
        <source>{number} ext. {ext}</source>
        <translation>{number} wew. {ext}</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="75"/>
        <source>Best time to call: {windows}</source>
        <translation>Najlepiej dzwonić: {windows}</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="46"/>
        <source>Dashboard</source>
        <translation>Pulpit</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="48"/>
        <source>Calls made, contacts reached (calls that got through to someone) and meetings booked, per campaign. The live agent board, conversion rates and exportable KPI reports come with the supervisor dashboard.</source>
        <translation>Wykonane połączenia, kontakty (rozmowy, w których ktoś odebrał) i umówione spotkania w podziale na kampanie. Tablica konsultantów na żywo, wskaźniki konwersji i raporty KPI do eksportu pojawią się razem z pulpitem supervisora.</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="54"/>
        <source>today</source>
        <translation>dziś</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="55"/>
        <source>7 days</source>
        <translation>7 dni</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="56"/>
        <source>this month</source>
        <translation>ten miesiąc</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="59"/>
        <location filename="../../widgets/dashboard_page.py" line="86"/>
        <source>Calls</source>
        <translation>Połączenia</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="60"/>
        <source>Contacts</source>
        <translation>Kontakty</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="61"/>
        <source>Meetings</source>
        <translation>Spotkania</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="63"/>
        <source>Campaign</source>
        <translation>Kampania</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="69"/>
        <source>{measure}
{period}</source>
        <translation>{measure}
{period}</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="85"/>
        <source>Outcome</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="87"/>
        <source>Share</source>
        <translation>Udział</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="96"/>
        <source>How this month&apos;s calls ended</source>
        <translation>Wyniki połączeń w tym miesiącu</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="101"/>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="137"/>
        <source>All campaigns</source>
        <translation>Wszystkie kampanie</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="146"/>
        <source>Figures as of {time}.</source>
        <translation>Stan na {time}.</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="150"/>
        <source>There are no campaigns in this workspace yet.</source>
        <translation>W tej bazie nie ma jeszcze kampanii.</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <location filename="../../widgets/errors.py" line="25"/>
        <location filename="../../widgets/errors.py" line="45"/>
        <source>the application log</source>
        <translation>dzienniku aplikacji</translation>
    </message>
    <message>
        <location filename="../../widgets/errors.py" line="26"/>
        <source>Something went wrong. The details were written to {log}.</source>
        <translation>Coś poszło nie tak. Szczegóły zapisano w: {log}.</translation>
    </message>
    <message>
        <location filename="../../widgets/errors.py" line="34"/>
        <location filename="../../widgets/errors.py" line="48"/>
        <source>Prospector</source>
        <translation>Prospector</translation>
    </message>
    <message>
        <location filename="../../widgets/errors.py" line="49"/>
        <source>Prospector hit an unexpected problem and may need to be restarted. Your saved work is safe. Details: {log}</source>
        <translation>W programie Prospector wystąpił nieoczekiwany problem i może być konieczne jego ponowne uruchomienie. Zapisane dane są bezpieczne. Szczegóły: {log}</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../widgets/field_editor.py" line="97"/>
        <source>Yes</source>
        <translation>Tak</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="97"/>
        <source>No</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="129"/>
        <source>{low} to {high}</source>
        <translation>od {low} do {high}</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="135"/>
        <source>e.g. 601 234 567</source>
        <translation>np. 601 234 567</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="139"/>
        <source>e.g. name@company.pl</source>
        <translation>np. imie@firma.pl</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="163"/>
        <location filename="../../widgets/field_editor.py" line="193"/>
        <source>{n}. {label}</source>
        <translation>{n}. {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="207"/>
        <source>— choose —</source>
        <translation>— wybierz —</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="233"/>
        <source>Clear the date</source>
        <translation>Wyczyść datę</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../widgets/history_view.py" line="65"/>
        <source>No calls, callbacks or meetings yet.</source>
        <translation>Nie było jeszcze połączeń, oddzwonień ani spotkań.</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="95"/>
        <source>Call: {outcome}</source>
        <translation>Połączenie: {outcome}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="96"/>
        <source>{campaign} · {agent}</source>
        <translation>{campaign} · {agent}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="100"/>
        <source>talk {duration}</source>
        <translation>rozmowa {duration}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="104"/>
        <source>Callback due {due}</source>
        <translation>Oddzwonić {due}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="107"/>
        <source>shared with the campaign&apos;s agents</source>
        <translation>dla wszystkich konsultantów kampanii</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="109"/>
        <source>Meeting booked with {rep} for {start}</source>
        <translation>Umówione spotkanie: {rep}, {start}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="115"/>
        <source>channel: {channel} · source: {source}</source>
        <translation>kanał: {channel} · źródło: {source}</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../widgets/labels.py" line="61"/>
        <source>Lead generation</source>
        <translation>Generowanie leadów</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="62"/>
        <source>Foot In The Door</source>
        <translation>Foot In The Door</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="63"/>
        <source>Customer development</source>
        <translation>Rozwój klientów</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="64"/>
        <source>Survey</source>
        <translation>Ankieta</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="73"/>
        <source>agent</source>
        <translation>konsultant</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="74"/>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="75"/>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="84"/>
        <source>Fleet</source>
        <translation>Flota</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="85"/>
        <source>Purchasing</source>
        <translation>Zakupy</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="86"/>
        <source>Decision makers</source>
        <translation>Decydenci</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="87"/>
        <source>Interests</source>
        <translation>Zainteresowania</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="88"/>
        <source>Satisfaction</source>
        <translation>Zadowolenie</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="89"/>
        <source>Consent</source>
        <translation>Zgody</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="98"/>
        <source>text</source>
        <translation>tekst</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="99"/>
        <source>whole number</source>
        <translation>liczba całkowita</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="100"/>
        <source>amount</source>
        <translation>kwota</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="101"/>
        <source>yes / no</source>
        <translation>tak / nie</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="102"/>
        <source>date</source>
        <translation>data</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="103"/>
        <source>one of a list</source>
        <translation>jedna z listy</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="104"/>
        <source>several of a list</source>
        <translation>kilka z listy</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="105"/>
        <source>phone number</source>
        <translation>numer telefonu</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="106"/>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="115"/>
        <source>mobile</source>
        <translation>komórkowy</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="116"/>
        <source>landline</source>
        <translation>stacjonarny</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="117"/>
        <source>other</source>
        <translation>inny</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="126"/>
        <source>Consent given</source>
        <translation>Zgoda udzielona</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="127"/>
        <source>Consent confirmed (double opt-in)</source>
        <translation>Zgoda potwierdzona (double opt-in)</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="128"/>
        <source>Objection: do not contact</source>
        <translation>Sprzeciw: nie kontaktować się</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="136"/>
        <source>Mon</source>
        <translation>pn</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="137"/>
        <source>Tue</source>
        <translation>wt</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="138"/>
        <source>Wed</source>
        <translation>śr</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="139"/>
        <source>Thu</source>
        <translation>czw</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="140"/>
        <source>Fri</source>
        <translation>pt</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="141"/>
        <source>Sat</source>
        <translation>sob</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="142"/>
        <source>Sun</source>
        <translation>nd</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <location filename="../../widgets/log_dialog.py" line="31"/>
        <source>Prospector log</source>
        <translation>Dziennik programu Prospector</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="34"/>
        <source>Log file: {path}</source>
        <translation>Plik dziennika: {path}</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="36"/>
        <source>This session is not writing a log file.</source>
        <translation>Ta sesja nie zapisuje pliku dziennika.</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="44"/>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="45"/>
        <source>Copy all</source>
        <translation>Kopiuj wszystko</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="60"/>
        <source>Nothing has been logged yet.</source>
        <translation>Dziennik jest jeszcze pusty.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="60"/>
        <source>Prospector — {workspace}</source>
        <translation>Prospector — {workspace}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="83"/>
        <source>Agent console</source>
        <translation>Konsola konsultanta</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="84"/>
        <source>Companies</source>
        <translation>Firmy</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="85"/>
        <source>Meetings</source>
        <translation>Spotkania</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="86"/>
        <source>Dashboard</source>
        <translation>Pulpit</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="87"/>
        <source>Admin</source>
        <translation>Administracja</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="107"/>
        <source>Workspace: {path}</source>
        <translation>Folder roboczy: {path}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="109"/>
        <source>Counting companies…</source>
        <translation>Liczę firmy…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="130"/>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="131"/>
        <source>&amp;Quit</source>
        <translation>Za&amp;kończ</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="137"/>
        <source>&amp;View</source>
        <translation>&amp;Widok</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="138"/>
        <source>&amp;Find company</source>
        <translation>&amp;Znajdź firmę</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="149"/>
        <source>&amp;Language</source>
        <translation>&amp;Język</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="161"/>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="162"/>
        <source>Show &amp;log</source>
        <translation>Pokaż &amp;dziennik</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="165"/>
        <source>&amp;About Prospector</source>
        <translation>&amp;O programie Prospector</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/main_window.py" line="199"/>
        <source>%Ln companies in the workspace</source>
        <translation>
            <numerusform>%Ln firma w bazie</numerusform>
            <numerusform>%Ln firmy w bazie</numerusform>
            <numerusform>%Ln firm w bazie</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="213"/>
        <source>The interface will switch to {language} the next time Prospector starts.</source>
        <translation>Język interfejsu zmieni się na: {language} przy następnym uruchomieniu programu.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="218"/>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="234"/>
        <source>About Prospector</source>
        <translation>O programie Prospector</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="236"/>
        <source>&lt;h3&gt;Prospector {version}&lt;/h3&gt;&lt;p&gt;A desktop agent console for outbound telemarketing: lead generation and qualification, Foot In The Door appointment setting and customer development calls.&lt;/p&gt;&lt;p&gt;Workspace: {path}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Prospector {version}&lt;/h3&gt;&lt;p&gt;Konsola konsultanta do telemarketingu wychodzącego: generowanie i kwalifikacja leadów, umawianie spotkań metodą Foot In The Door oraz rozmowy rozwojowe z klientami.&lt;/p&gt;&lt;p&gt;Folder roboczy: {path}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MeetingStatus</name>
    <message>
        <location filename="../../widgets/labels.py" line="23"/>
        <source>tentative</source>
        <translation>wstępne</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="24"/>
        <source>confirmed</source>
        <translation>potwierdzone</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="25"/>
        <source>conflict — to reschedule</source>
        <translation>kolizja — do przełożenia</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="26"/>
        <source>held</source>
        <translation>odbyte</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="27"/>
        <source>no show</source>
        <translation>nieobecność klienta</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="28"/>
        <source>cancelled</source>
        <translation>odwołane</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="29"/>
        <source>rescheduled</source>
        <translation>przełożone</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <location filename="../../widgets/meetings_page.py" line="36"/>
        <source>Meetings</source>
        <translation>Spotkania</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="38"/>
        <source>Upcoming meetings booked for the field sales reps. Booking a meeting during a call, the free-slot finder and calendar export come with the meetings module. Double-click a meeting to open the company&apos;s card.</source>
        <translation>Nadchodzące spotkania umówione dla przedstawicieli handlowych. Umawianie spotkań w trakcie rozmowy, wyszukiwanie wolnych terminów i eksport do kalendarza pojawią się razem z modułem spotkań. Kliknij dwukrotnie spotkanie, aby otworzyć kartę firmy.</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="45"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="46"/>
        <source>Time</source>
        <translation>Godzina</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="47"/>
        <source>Sales rep</source>
        <translation>Przedstawiciel</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="48"/>
        <source>Company</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="49"/>
        <source>Town</source>
        <translation>Miejscowość</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="50"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="59"/>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/meetings_page.py" line="89"/>
        <source>%Ln upcoming meetings</source>
        <translation>
            <numerusform>%Ln nadchodzące spotkanie</numerusform>
            <numerusform>%Ln nadchodzące spotkania</numerusform>
            <numerusform>%Ln nadchodzących spotkań</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="91"/>
        <source>No upcoming meetings.</source>
        <translation>Brak nadchodzących spotkań.</translation>
    </message>
</context>
<context>
    <name>QualificationForm</name>
    <message>
        <location filename="../../widgets/qualification_form.py" line="81"/>
        <source>Fleet</source>
        <translation>Flota</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="82"/>
        <source>Tyre purchasing</source>
        <translation>Zakupy opon</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="83"/>
        <source>Decision makers</source>
        <translation>Decydenci</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="84"/>
        <source>Interests</source>
        <translation>Zainteresowania</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="85"/>
        <source>Satisfaction</source>
        <translation>Zadowolenie</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="86"/>
        <source>Consent</source>
        <translation>Zgody</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="103"/>
        <source>This campaign has no qualification fields.</source>
        <translation>Ta kampania nie ma pól kwalifikacji.</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="122"/>
        <source>{label} *</source>
        <translation>{label} *</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="200"/>
        <source>{group} — {filled} of {total}</source>
        <translation>{group} — {filled} z {total}</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="240"/>
        <source>Not saved: {message}</source>
        <translation>Nie zapisano: {message}</translation>
    </message>
</context>
<context>
    <name>QualificationPanel</name>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="42"/>
        <source>No qualification fields are defined in this workspace.</source>
        <translation>W tej bazie nie zdefiniowano pól kwalifikacyjnych.</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="50"/>
        <source>{group} ({filled} of {total})</source>
        <translation>{group} ({filled} z {total})</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="85"/>
        <source>Yes</source>
        <translation>Tak</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="85"/>
        <source>No</source>
        <translation>Nie</translation>
    </message>
</context>
<context>
    <name>QueueStatus</name>
    <message>
        <location filename="../../widgets/labels.py" line="38"/>
        <source>new</source>
        <translation>nowe</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="39"/>
        <source>callback</source>
        <translation>oddzwonienie</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="40"/>
        <source>retry</source>
        <translation>do ponowienia</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="41"/>
        <source>done</source>
        <translation>zakończone</translation>
    </message>
</context>
<context>
    <name>ScriptEditor</name>
    <message>
        <location filename="../../widgets/script_editor.py" line="113"/>
        <source>Start from a bundled script…</source>
        <translation>Zacznij od wbudowanego skryptu…</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="117"/>
        <source>Open…</source>
        <translation>Otwórz…</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="119"/>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="122"/>
        <source>Save as…</source>
        <translation>Zapisz jako…</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="133"/>
        <source>Open a script file, or start from a bundled script.</source>
        <translation>Otwórz plik skryptu albo zacznij od wbudowanego skryptu.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="138"/>
        <source>Line</source>
        <translation>Wiersz</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="138"/>
        <source>Node</source>
        <translation>Węzeł</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="138"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="154"/>
        <source>Fit to window</source>
        <translation>Dopasuj do okna</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="160"/>
        <source>Ctrl+wheel zooms; double-click a node to find it in the text.</source>
        <translation>Ctrl+kółko myszy powiększa; dwukrotne kliknięcie węzła pokazuje go w tekście.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="170"/>
        <source>Preview</source>
        <translation>Podgląd</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="171"/>
        <source>Graph</source>
        <translation>Graf</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="231"/>
        <location filename="../../widgets/script_editor.py" line="262"/>
        <source>Open a script</source>
        <translation>Otwórz skrypt</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="232"/>
        <source>{path} cannot be read as a UTF-8 text file ({reason}).</source>
        <translation>Nie można odczytać {path} jako pliku tekstowego UTF-8 ({reason}).</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="246"/>
        <location filename="../../widgets/script_editor.py" line="278"/>
        <source>Save the script</source>
        <translation>Zapisz skrypt</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="247"/>
        <source>{path} cannot be written ({reason}).</source>
        <translation>Nie można zapisać {path} ({reason}).</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="264"/>
        <location filename="../../widgets/script_editor.py" line="278"/>
        <source>Call scripts (*.yaml *.yml)</source>
        <translation>Skrypty rozmów (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="293"/>
        <source>Unsaved changes</source>
        <translation>Niezapisane zmiany</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="294"/>
        <source>The script has changes that are not saved. Discard them?</source>
        <translation>Skrypt ma niezapisane zmiany. Odrzucić je?</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="307"/>
        <source>not saved to a file yet</source>
        <translation>jeszcze niezapisany w pliku</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="309"/>
        <source>version {version}</source>
        <translation>wersja {version}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="311"/>
        <source>modified</source>
        <translation>zmieniony</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="360"/>
        <source>No problems found: the script can run.</source>
        <translation>Nie znaleziono problemów: skrypt może działać.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="363"/>
        <source>The script can run. Warnings to look at: {n}.</source>
        <translation>Skrypt może działać. Ostrzeżenia do przejrzenia: {n}.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="368"/>
        <source>The script cannot run yet. Errors: {errors}, warnings: {warnings}.</source>
        <translation>Skrypt nie może jeszcze działać. Błędy: {errors}, ostrzeżenia: {warnings}.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="373"/>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="374"/>
        <source>Warning</source>
        <translation>Ostrzeżenie</translation>
    </message>
</context>
<context>
    <name>ScriptPreview</name>
    <message>
        <location filename="../../widgets/script_preview.py" line="71"/>
        <source>Find a company: name, NIP, phone or city</source>
        <translation>Znajdź firmę: nazwa, NIP, telefon lub miejscowość</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="84"/>
        <source>Restart</source>
        <translation>Od początku</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="86"/>
        <source>Run the script again from the start</source>
        <translation>Uruchom skrypt ponownie od początku</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="116"/>
        <source>The preview runs once the script has no errors.</source>
        <translation>Podgląd działa, gdy skrypt nie ma błędów.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="174"/>
        <source>No company matches.</source>
        <translation>Żadna firma nie pasuje.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="193"/>
        <source>Preview as a call to {name}</source>
        <translation>Podgląd rozmowy z firmą {name}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="196"/>
        <source>Preview without a company: merge fields show their fallbacks.</source>
        <translation>Podgląd bez firmy: pola korespondencji seryjnej pokazują wartości zastępcze.</translation>
    </message>
</context>
<context>
    <name>ScriptRunner</name>
    <message>
        <location filename="../../widgets/script_runner.py" line="93"/>
        <source>How far the call is through the script (an estimate)</source>
        <translation>Jak daleko rozmowa zaszła w skrypcie (szacunek)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="133"/>
        <source>Objections:</source>
        <translation>Obiekcje:</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="135"/>
        <source>Back</source>
        <translation>Wstecz</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="137"/>
        <source>Previous step (Alt+Left)</source>
        <translation>Poprzedni krok (Alt+Strzałka w lewo)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="138"/>
        <location filename="../../widgets/script_runner.py" line="340"/>
        <location filename="../../widgets/script_runner.py" line="350"/>
        <source>Next</source>
        <translation>Dalej</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="140"/>
        <source>Answer and go on (Enter)</source>
        <translation>Zapisz odpowiedź i przejdź dalej (Enter)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="216"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; · calling as {identity}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; · dzwonisz jako {identity}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="334"/>
        <source>The script has ended. Outcome: {outcome}</source>
        <translation>Skrypt zakończony. Wynik: {outcome}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="337"/>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="344"/>
        <source>Objection: {label}</source>
        <translation>Obiekcja: {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="346"/>
        <source>Back to the script</source>
        <translation>Wróć do skryptu</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="346"/>
        <source>Continue</source>
        <translation>Kontynuuj</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="377"/>
        <source>(nothing to say at this step)</source>
        <translation>(w tym kroku nie ma nic do powiedzenia)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="392"/>
        <source>{label} (required)</source>
        <translation>{label} (wymagane)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="415"/>
        <source>No call in progress</source>
        <translation>Brak trwającej rozmowy</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="417"/>
        <source>The call script appears here when a call starts.</source>
        <translation>Skrypt rozmowy pojawi się tutaj, gdy zacznie się rozmowa.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="441"/>
        <source>Alt+{n}  {label}</source>
        <translation>Alt+{n}  {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="445"/>
        <source>Objection: show the prepared answer (Alt+{n})</source>
        <translation>Obiekcja: pokaż przygotowaną odpowiedź (Alt+{n})</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="468"/>
        <source>Saved: {field}</source>
        <translation>Zapisano: {field}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="474"/>
        <source>Not saved: {field} — {message}</source>
        <translation>Nie zapisano: {field} — {message}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app/gui.py" line="96"/>
        <source>Building the demo workspace (5,000 Polish companies)…</source>
        <translation>Tworzę bazę demonstracyjną (5000 polskich firm)…</translation>
    </message>
    <message>
        <location filename="../../app/gui.py" line="163"/>
        <source>Prospector cannot open the workspace.</source>
        <translation>Prospector nie może otworzyć folderu roboczego.</translation>
    </message>
</context>
</TS>
