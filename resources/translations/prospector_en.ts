<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <location filename="../../widgets/script_graph.py" line="173"/>
        <source>The graph appears when the script can be read.</source>
        <translation>The graph appears when the script can be read.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_graph.py" line="200"/>
        <source>no such node</source>
        <translation>no such node</translation>
    </message>
    <message>
        <location filename="../../widgets/script_graph.py" line="205"/>
        <source>ask: {field}</source>
        <translation>ask: {field}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_graph.py" line="228"/>
        <source>reached by the objection {id}</source>
        <translation>reached by the objection {id}</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../widgets/admin_page.py" line="33"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="35"/>
        <source>Who works in this workspace and which qualification fields agents fill in. Adding users, roles and passwords comes with the central server; editing fields and campaigns with the administration module.</source>
        <translation>Who works in this workspace and which qualification fields agents fill in. Adding users, roles and passwords comes with the central server; editing fields and campaigns with the administration module.</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="40"/>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="40"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="43"/>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="44"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="45"/>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="46"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="47"/>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="54"/>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="55"/>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="56"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="57"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="58"/>
        <source>Required</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="59"/>
        <source>Choices</source>
        <translation>Choices</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="72"/>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="73"/>
        <source>Qualification fields</source>
        <translation>Qualification fields</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="100"/>
        <source>Users ({n})</source>
        <translation>Users ({n})</translation>
    </message>
    <message>
        <location filename="../../widgets/admin_page.py" line="101"/>
        <source>Qualification fields ({n})</source>
        <translation>Qualification fields ({n})</translation>
    </message>
</context>
<context>
    <name>AgentConsolePage</name>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="48"/>
        <source>Agent console</source>
        <translation>Agent console</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="50"/>
        <source>This is where agents will work their call queue. Until the console arrives, here is what is waiting in each campaign&apos;s queue and the rules it is called by. Double-click a campaign, or use the buttons below, to browse its companies.</source>
        <translation>This is where agents will work their call queue. Until the console arrives, here is what is waiting in each campaign&apos;s queue and the rules it is called by. Double-click a campaign, or use the buttons below, to browse its companies.</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="58"/>
        <source>Campaign</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="59"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="60"/>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="61"/>
        <source>Callbacks</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="62"/>
        <source>To retry</source>
        <translation>To retry</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="63"/>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="64"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="73"/>
        <source>Selected campaign</source>
        <translation>Selected campaign</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="82"/>
        <source>What it is:</source>
        <translation>What it is:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="83"/>
        <source>Agents introduce themselves as:</source>
        <translation>Agents introduce themselves as:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="84"/>
        <source>Calling hours (callee&apos;s time):</source>
        <translation>Calling hours (callee&apos;s time):</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="85"/>
        <source>Attempts:</source>
        <translation>Attempts:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="95"/>
        <source>Browse the queue:</source>
        <translation>Browse the queue:</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="97"/>
        <source>Coming next in the agent console</source>
        <translation>Coming next in the agent console</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="100"/>
        <source>&lt;ul&gt;&lt;li&gt;Next company from the queue with one key, callbacks first when due, only within the callee&apos;s calling hours.&lt;/li&gt;&lt;li&gt;The campaign&apos;s call script step by step, with the answers saved straight into the qualification fields.&lt;/li&gt;&lt;li&gt;Call outcome hotkeys (F1–F10), callbacks for yourself or the team.&lt;/li&gt;&lt;li&gt;Booking a meeting in a sales rep&apos;s free slot while still on the phone.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;ul&gt;&lt;li&gt;Next company from the queue with one key, callbacks first when due, only within the callee&apos;s calling hours.&lt;/li&gt;&lt;li&gt;The campaign&apos;s call script step by step, with the answers saved straight into the qualification fields.&lt;/li&gt;&lt;li&gt;Call outcome hotkeys (F1–F10), callbacks for yourself or the team.&lt;/li&gt;&lt;li&gt;Booking a meeting in a sales rep&apos;s free slot while still on the phone.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="114"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="169"/>
        <source>There are no campaigns in this workspace yet.</source>
        <translation>There are no campaigns in this workspace yet.</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="173"/>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="182"/>
        <source>at most {total} per company, {daily} a day, at least {gap} minutes apart</source>
        <translation>at most {total} per company, {daily} a day, at least {gap} minutes apart</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="193"/>
        <source>{status}: {n}</source>
        <translation>{status}: {n}</translation>
    </message>
    <message>
        <location filename="../../widgets/agent_console_page.py" line="198"/>
        <source>All: {n}</source>
        <translation>All: {n}</translation>
    </message>
</context>
<context>
    <name>CallbackStatus</name>
    <message>
        <location filename="../../widgets/labels.py" line="50"/>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="51"/>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="52"/>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
</context>
<context>
    <name>CompaniesView</name>
    <message>
        <location filename="../../widgets/companies_view.py" line="58"/>
        <source>Name, NIP, phone or town…</source>
        <translation>Name, NIP, phone or town…</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="61"/>
        <source>Search by company name, NIP (any formatting), phone number or town. Ctrl+F comes here, Esc clears, Enter opens the first company.</source>
        <translation>Search by company name, NIP (any formatting), phone number or town. Ctrl+F comes here, Esc clears, Enter opens the first company.</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="71"/>
        <source>Clear filters</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="153"/>
        <source>All segments</source>
        <translation>All segments</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="154"/>
        <source>All voivodeships</source>
        <translation>All voivodeships</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="157"/>
        <source>All campaigns</source>
        <translation>All campaigns</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="158"/>
        <source>Any queue status</source>
        <translation>Any queue status</translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="162"/>
        <location filename="../../widgets/companies_view.py" line="190"/>
        <source>Choose a campaign first</source>
        <translation>Choose a campaign first</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/companies_view.py" line="302"/>
        <source>%Ln companies</source>
        <translation>
            <numerusform>%Ln company</numerusform>
            <numerusform>%Ln companies</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../widgets/companies_view.py" line="306"/>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
</context>
<context>
    <name>CompanyCard</name>
    <message>
        <location filename="../../widgets/company_card.py" line="54"/>
        <source>Choose a company in the list to see its card.

Search by name, NIP, phone number or town. Ctrl+F jumps to the search box, Esc clears it, Enter opens the highlighted company.</source>
        <translation>Choose a company in the list to see its card.

Search by name, NIP, phone number or town. Ctrl+F jumps to the search box, Esc clears it, Enter opens the highlighted company.</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="93"/>
        <source>Tax IDs:</source>
        <translation>Tax IDs:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="94"/>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="95"/>
        <source>Phones:</source>
        <translation>Phones:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="96"/>
        <source>E-mail, web:</source>
        <translation>E-mail, web:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="97"/>
        <source>Business:</source>
        <translation>Business:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="102"/>
        <source>Segments:</source>
        <translation>Segments:</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="194"/>
        <source>Contacts ({n})</source>
        <translation>Contacts ({n})</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="197"/>
        <source>Qualification ({filled}/{total})</source>
        <translation>Qualification ({filled}/{total})</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="201"/>
        <source>History ({n})</source>
        <translation>History ({n})</translation>
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
        <translation>{name} voivodeship</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="235"/>
        <source>{n} employees</source>
        <translation>{n} employees</translation>
    </message>
    <message>
        <location filename="../../widgets/company_card.py" line="247"/>
        <source>none</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../widgets/company_table_model.py" line="74"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="75"/>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="76"/>
        <source>City</source>
        <translation>City</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="77"/>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="78"/>
        <source>Voivodeship</source>
        <translation>Voivodeship</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="79"/>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="80"/>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <location filename="../../widgets/company_table_model.py" line="118"/>
        <source>Click to sort by this column</source>
        <translation>Click to sort by this column</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="31"/>
        <source>No contacts recorded for this company yet.</source>
        <translation>No contacts recorded for this company yet.</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="47"/>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="54"/>
        <source>{role} · decision maker</source>
        <translation>{role} · decision maker</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="56"/>
        <source>Decision maker</source>
        <translation>Decision maker</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="66"/>
        <source>{number} ext. {ext}</source>
        <translation>{number} ext. {ext}</translation>
    </message>
    <message>
        <location filename="../../widgets/contacts_panel.py" line="75"/>
        <source>Best time to call: {windows}</source>
        <translation>Best time to call: {windows}</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="46"/>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="48"/>
        <source>Calls made, contacts reached (calls that got through to someone) and meetings booked, per campaign. The live agent board, conversion rates and exportable KPI reports come with the supervisor dashboard.</source>
        <translation>Calls made, contacts reached (calls that got through to someone) and meetings booked, per campaign. The live agent board, conversion rates and exportable KPI reports come with the supervisor dashboard.</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="54"/>
        <source>today</source>
        <translation>today</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="55"/>
        <source>7 days</source>
        <translation>7 days</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="56"/>
        <source>this month</source>
        <translation>this month</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="59"/>
        <location filename="../../widgets/dashboard_page.py" line="86"/>
        <source>Calls</source>
        <translation>Calls</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="60"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="61"/>
        <source>Meetings</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="63"/>
        <source>Campaign</source>
        <translation>Campaign</translation>
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
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="87"/>
        <source>Share</source>
        <translation>Share</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="96"/>
        <source>How this month&apos;s calls ended</source>
        <translation>How this month&apos;s calls ended</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="101"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="137"/>
        <source>All campaigns</source>
        <translation>All campaigns</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="146"/>
        <source>Figures as of {time}.</source>
        <translation>Figures as of {time}.</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_page.py" line="150"/>
        <source>There are no campaigns in this workspace yet.</source>
        <translation>There are no campaigns in this workspace yet.</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <location filename="../../widgets/errors.py" line="25"/>
        <location filename="../../widgets/errors.py" line="45"/>
        <source>the application log</source>
        <translation>the application log</translation>
    </message>
    <message>
        <location filename="../../widgets/errors.py" line="26"/>
        <source>Something went wrong. The details were written to {log}.</source>
        <translation>Something went wrong. The details were written to {log}.</translation>
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
        <translation>Prospector hit an unexpected problem and may need to be restarted. Your saved work is safe. Details: {log}</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../widgets/field_editor.py" line="97"/>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="97"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="129"/>
        <source>{low} to {high}</source>
        <translation>{low} to {high}</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="135"/>
        <source>e.g. 601 234 567</source>
        <translation>e.g. 601 234 567</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="139"/>
        <source>e.g. name@company.pl</source>
        <translation>e.g. name@company.pl</translation>
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
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../../widgets/field_editor.py" line="233"/>
        <source>Clear the date</source>
        <translation>Clear the date</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../widgets/history_view.py" line="65"/>
        <source>No calls, callbacks or meetings yet.</source>
        <translation>No calls, callbacks or meetings yet.</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="95"/>
        <source>Call: {outcome}</source>
        <translation>Call: {outcome}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="96"/>
        <source>{campaign} · {agent}</source>
        <translation>{campaign} · {agent}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="100"/>
        <source>talk {duration}</source>
        <translation>talk {duration}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="104"/>
        <source>Callback due {due}</source>
        <translation>Callback due {due}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="107"/>
        <source>shared with the campaign&apos;s agents</source>
        <translation>shared with the campaign&apos;s agents</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="109"/>
        <source>Meeting booked with {rep} for {start}</source>
        <translation>Meeting booked with {rep} for {start}</translation>
    </message>
    <message>
        <location filename="../../widgets/history_view.py" line="115"/>
        <source>channel: {channel} · source: {source}</source>
        <translation>channel: {channel} · source: {source}</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../widgets/labels.py" line="61"/>
        <source>Lead generation</source>
        <translation>Lead generation</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="62"/>
        <source>Foot In The Door</source>
        <translation>Foot In The Door</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="63"/>
        <source>Customer development</source>
        <translation>Customer development</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="64"/>
        <source>Survey</source>
        <translation>Survey</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="73"/>
        <source>agent</source>
        <translation>agent</translation>
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
        <translation>Fleet</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="85"/>
        <source>Purchasing</source>
        <translation>Purchasing</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="86"/>
        <source>Decision makers</source>
        <translation>Decision makers</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="87"/>
        <source>Interests</source>
        <translation>Interests</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="88"/>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="89"/>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="98"/>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="99"/>
        <source>whole number</source>
        <translation>whole number</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="100"/>
        <source>amount</source>
        <translation>amount</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="101"/>
        <source>yes / no</source>
        <translation>yes / no</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="102"/>
        <source>date</source>
        <translation>date</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="103"/>
        <source>one of a list</source>
        <translation>one of a list</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="104"/>
        <source>several of a list</source>
        <translation>several of a list</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="105"/>
        <source>phone number</source>
        <translation>phone number</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="106"/>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="115"/>
        <source>mobile</source>
        <translation>mobile</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="116"/>
        <source>landline</source>
        <translation>landline</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="117"/>
        <source>other</source>
        <translation>other</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="126"/>
        <source>Consent given</source>
        <translation>Consent given</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="127"/>
        <source>Consent confirmed (double opt-in)</source>
        <translation>Consent confirmed (double opt-in)</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="128"/>
        <source>Objection: do not contact</source>
        <translation>Objection: do not contact</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="136"/>
        <source>Mon</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="137"/>
        <source>Tue</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="138"/>
        <source>Wed</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="139"/>
        <source>Thu</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="140"/>
        <source>Fri</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="141"/>
        <source>Sat</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="142"/>
        <source>Sun</source>
        <translation>Sun</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <location filename="../../widgets/log_dialog.py" line="31"/>
        <source>Prospector log</source>
        <translation>Prospector log</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="34"/>
        <source>Log file: {path}</source>
        <translation>Log file: {path}</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="36"/>
        <source>This session is not writing a log file.</source>
        <translation>This session is not writing a log file.</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="44"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="45"/>
        <source>Copy all</source>
        <translation>Copy all</translation>
    </message>
    <message>
        <location filename="../../widgets/log_dialog.py" line="60"/>
        <source>Nothing has been logged yet.</source>
        <translation>Nothing has been logged yet.</translation>
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
        <translation>Agent console</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="84"/>
        <source>Companies</source>
        <translation>Companies</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="85"/>
        <source>Meetings</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="86"/>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="87"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="107"/>
        <source>Workspace: {path}</source>
        <translation>Workspace: {path}</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="109"/>
        <source>Counting companies…</source>
        <translation>Counting companies…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="130"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="131"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="137"/>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="138"/>
        <source>&amp;Find company</source>
        <translation>&amp;Find company</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="149"/>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="161"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="162"/>
        <source>Show &amp;log</source>
        <translation>Show &amp;log</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="165"/>
        <source>&amp;About Prospector</source>
        <translation>&amp;About Prospector</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/main_window.py" line="199"/>
        <source>%Ln companies in the workspace</source>
        <translation>
            <numerusform>%Ln company in the workspace</numerusform>
            <numerusform>%Ln companies in the workspace</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="213"/>
        <source>The interface will switch to {language} the next time Prospector starts.</source>
        <translation>The interface will switch to {language} the next time Prospector starts.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="218"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="234"/>
        <source>About Prospector</source>
        <translation>About Prospector</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="236"/>
        <source>&lt;h3&gt;Prospector {version}&lt;/h3&gt;&lt;p&gt;A desktop agent console for outbound telemarketing: lead generation and qualification, Foot In The Door appointment setting and customer development calls.&lt;/p&gt;&lt;p&gt;Workspace: {path}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Prospector {version}&lt;/h3&gt;&lt;p&gt;A desktop agent console for outbound telemarketing: lead generation and qualification, Foot In The Door appointment setting and customer development calls.&lt;/p&gt;&lt;p&gt;Workspace: {path}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MeetingStatus</name>
    <message>
        <location filename="../../widgets/labels.py" line="23"/>
        <source>tentative</source>
        <translation>tentative</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="24"/>
        <source>confirmed</source>
        <translation>confirmed</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="25"/>
        <source>conflict — to reschedule</source>
        <translation>conflict — to reschedule</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="26"/>
        <source>held</source>
        <translation>held</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="27"/>
        <source>no show</source>
        <translation>no show</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="28"/>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="29"/>
        <source>rescheduled</source>
        <translation>rescheduled</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <location filename="../../widgets/meetings_page.py" line="36"/>
        <source>Meetings</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="38"/>
        <source>Upcoming meetings booked for the field sales reps. Booking a meeting during a call, the free-slot finder and calendar export come with the meetings module. Double-click a meeting to open the company&apos;s card.</source>
        <translation>Upcoming meetings booked for the field sales reps. Booking a meeting during a call, the free-slot finder and calendar export come with the meetings module. Double-click a meeting to open the company&apos;s card.</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="45"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="46"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="47"/>
        <source>Sales rep</source>
        <translation>Sales rep</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="48"/>
        <source>Company</source>
        <translation>Company</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="49"/>
        <source>Town</source>
        <translation>Town</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="50"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="59"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/meetings_page.py" line="89"/>
        <source>%Ln upcoming meetings</source>
        <translation>
            <numerusform>%Ln upcoming meeting</numerusform>
            <numerusform>%Ln upcoming meetings</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../widgets/meetings_page.py" line="91"/>
        <source>No upcoming meetings.</source>
        <translation>No upcoming meetings.</translation>
    </message>
</context>
<context>
    <name>QualificationForm</name>
    <message>
        <location filename="../../widgets/qualification_form.py" line="81"/>
        <source>Fleet</source>
        <translation>Fleet</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="82"/>
        <source>Tyre purchasing</source>
        <translation>Tyre purchasing</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="83"/>
        <source>Decision makers</source>
        <translation>Decision makers</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="84"/>
        <source>Interests</source>
        <translation>Interests</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="85"/>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="86"/>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="103"/>
        <source>This campaign has no qualification fields.</source>
        <translation>This campaign has no qualification fields.</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="122"/>
        <source>{label} *</source>
        <translation>{label} *</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="200"/>
        <source>{group} — {filled} of {total}</source>
        <translation>{group} — {filled} of {total}</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_form.py" line="240"/>
        <source>Not saved: {message}</source>
        <translation>Not saved: {message}</translation>
    </message>
</context>
<context>
    <name>QualificationPanel</name>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="42"/>
        <source>No qualification fields are defined in this workspace.</source>
        <translation>No qualification fields are defined in this workspace.</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="50"/>
        <source>{group} ({filled} of {total})</source>
        <translation>{group} ({filled} of {total})</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="85"/>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../widgets/qualification_panel.py" line="85"/>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>QueueStatus</name>
    <message>
        <location filename="../../widgets/labels.py" line="38"/>
        <source>new</source>
        <translation>new</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="39"/>
        <source>callback</source>
        <translation>callback</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="40"/>
        <source>retry</source>
        <translation>retry</translation>
    </message>
    <message>
        <location filename="../../widgets/labels.py" line="41"/>
        <source>done</source>
        <translation>done</translation>
    </message>
</context>
<context>
    <name>ScriptEditor</name>
    <message>
        <location filename="../../widgets/script_editor.py" line="113"/>
        <source>Start from a bundled script…</source>
        <translation>Start from a bundled script…</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="117"/>
        <source>Open…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="119"/>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="122"/>
        <source>Save as…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="133"/>
        <source>Open a script file, or start from a bundled script.</source>
        <translation>Open a script file, or start from a bundled script.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="138"/>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="138"/>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="138"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="154"/>
        <source>Fit to window</source>
        <translation>Fit to window</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="160"/>
        <source>Ctrl+wheel zooms; double-click a node to find it in the text.</source>
        <translation>Ctrl+wheel zooms; double-click a node to find it in the text.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="170"/>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="171"/>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="231"/>
        <location filename="../../widgets/script_editor.py" line="262"/>
        <source>Open a script</source>
        <translation>Open a script</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="232"/>
        <source>{path} cannot be read as a UTF-8 text file ({reason}).</source>
        <translation>{path} cannot be read as a UTF-8 text file ({reason}).</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="246"/>
        <location filename="../../widgets/script_editor.py" line="278"/>
        <source>Save the script</source>
        <translation>Save the script</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="247"/>
        <source>{path} cannot be written ({reason}).</source>
        <translation>{path} cannot be written ({reason}).</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="264"/>
        <location filename="../../widgets/script_editor.py" line="278"/>
        <source>Call scripts (*.yaml *.yml)</source>
        <translation>Call scripts (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="293"/>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="294"/>
        <source>The script has changes that are not saved. Discard them?</source>
        <translation>The script has changes that are not saved. Discard them?</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="307"/>
        <source>not saved to a file yet</source>
        <translation>not saved to a file yet</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="309"/>
        <source>version {version}</source>
        <translation>version {version}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="311"/>
        <source>modified</source>
        <translation>modified</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="360"/>
        <source>No problems found: the script can run.</source>
        <translation>No problems found: the script can run.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="363"/>
        <source>The script can run. Warnings to look at: {n}.</source>
        <translation>The script can run. Warnings to look at: {n}.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="368"/>
        <source>The script cannot run yet. Errors: {errors}, warnings: {warnings}.</source>
        <translation>The script cannot run yet. Errors: {errors}, warnings: {warnings}.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="373"/>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../widgets/script_editor.py" line="374"/>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
</context>
<context>
    <name>ScriptPreview</name>
    <message>
        <location filename="../../widgets/script_preview.py" line="71"/>
        <source>Find a company: name, NIP, phone or city</source>
        <translation>Find a company: name, NIP, phone or city</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="84"/>
        <source>Restart</source>
        <translation>Restart</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="86"/>
        <source>Run the script again from the start</source>
        <translation>Run the script again from the start</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="116"/>
        <source>The preview runs once the script has no errors.</source>
        <translation>The preview runs once the script has no errors.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="174"/>
        <source>No company matches.</source>
        <translation>No company matches.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="193"/>
        <source>Preview as a call to {name}</source>
        <translation>Preview as a call to {name}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_preview.py" line="196"/>
        <source>Preview without a company: merge fields show their fallbacks.</source>
        <translation>Preview without a company: merge fields show their fallbacks.</translation>
    </message>
</context>
<context>
    <name>ScriptRunner</name>
    <message>
        <location filename="../../widgets/script_runner.py" line="93"/>
        <source>How far the call is through the script (an estimate)</source>
        <translation>How far the call is through the script (an estimate)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="133"/>
        <source>Objections:</source>
        <translation>Objections:</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="135"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="137"/>
        <source>Previous step (Alt+Left)</source>
        <translation>Previous step (Alt+Left)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="138"/>
        <location filename="../../widgets/script_runner.py" line="340"/>
        <location filename="../../widgets/script_runner.py" line="350"/>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="140"/>
        <source>Answer and go on (Enter)</source>
        <translation>Answer and go on (Enter)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="216"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; · calling as {identity}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; · calling as {identity}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="334"/>
        <source>The script has ended. Outcome: {outcome}</source>
        <translation>The script has ended. Outcome: {outcome}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="337"/>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="344"/>
        <source>Objection: {label}</source>
        <translation>Objection: {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="346"/>
        <source>Back to the script</source>
        <translation>Back to the script</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="346"/>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="377"/>
        <source>(nothing to say at this step)</source>
        <translation>(nothing to say at this step)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="392"/>
        <source>{label} (required)</source>
        <translation>{label} (required)</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="415"/>
        <source>No call in progress</source>
        <translation>No call in progress</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="417"/>
        <source>The call script appears here when a call starts.</source>
        <translation>The call script appears here when a call starts.</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="441"/>
        <source>Alt+{n}  {label}</source>
        <translation>Alt+{n}  {label}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="445"/>
        <source>Objection: show the prepared answer (Alt+{n})</source>
        <translation>Objection: show the prepared answer (Alt+{n})</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="468"/>
        <source>Saved: {field}</source>
        <translation>Saved: {field}</translation>
    </message>
    <message>
        <location filename="../../widgets/script_runner.py" line="474"/>
        <source>Not saved: {field} — {message}</source>
        <translation>Not saved: {field} — {message}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app/gui.py" line="96"/>
        <source>Building the demo workspace (5,000 Polish companies)…</source>
        <translation>Building the demo workspace (5,000 Polish companies)…</translation>
    </message>
    <message>
        <location filename="../../app/gui.py" line="163"/>
        <source>Prospector cannot open the workspace.</source>
        <translation>Prospector cannot open the workspace.</translation>
    </message>
</context>
</TS>
