/// The interface strings in French and English. Keys are shared; a missing English string falls back to French.
enum Strings {
    /// The table of a language.
    static func table(_ language: UILanguage) -> [String: String] {
        switch language {
        case .french: french
        case .english: english
        }
    }

    /// Looks up one string.
    static func get(_ key: String, _ language: UILanguage) -> String {
        table(language)[key] ?? french[key] ?? key
    }

    static let french: [String: String] = [
        "app_name": "Relais",
        "nav_members": "Membres", "nav_segments": "Segments", "nav_import": "Import", "nav_consent": "Consentements",
        "nav_staff": "Équipe", "nav_api_keys": "Clés d'API", "nav_audit": "Journal d'audit", "nav_logout": "Se déconnecter",
        "brand_switch": "Marque", "switch": "Changer",
        "login_title": "Connexion", "login_email": "Adresse e-mail", "login_password": "Mot de passe", "login_submit": "Se connecter",
        "login_failed": "Adresse e-mail ou mot de passe incorrect.", "login_throttled": "Trop de tentatives. Réessayez dans quelques minutes.",
        "setup_title": "Créer le compte propriétaire", "setup_intro": "Bienvenue ! Créez votre organisation, votre première marque et votre compte.",
        "setup_org": "Nom de l'organisation", "setup_brand": "Nom de la première marque", "setup_name": "Votre nom",
        "setup_submit": "Créer", "setup_invalid": "Ce lien de création n'est plus valable. Redémarrez Relais pour en obtenir un nouveau.",
        "members_title": "Membres", "members_search": "Rechercher par e-mail, téléphone ou nom", "members_search_submit": "Rechercher",
        "members_empty": "Aucun membre ne correspond.", "members_next": "Page suivante", "col_name": "Nom", "col_email": "E-mail",
        "col_phone": "Téléphone", "col_city": "Ville", "col_since": "Depuis",
        "member_profile": "Profil", "member_identities": "Identifiants", "member_consents": "Consentements", "member_timeline": "Historique",
        "member_export": "Exporter (RGPD)", "member_erase": "Effacer (RGPD)", "member_erase_confirm": "Effacer définitivement les données personnelles de ce membre ?",
        "member_no_name": "(sans nom)", "member_tags": "Étiquettes", "member_attributes": "Attributs",
        "consent_purpose": "Finalité", "consent_channel": "Canal", "consent_status": "État", "consent_source": "Source",
        "consent_wording": "Texte", "consent_when": "Date", "consent_proof": "Preuve", "consent_none": "Aucun consentement enregistré.",
        "status_granted": "accordé", "status_withdrawn": "retiré", "status_pending": "en attente de confirmation",
        "timeline_empty": "Rien pour l'instant.",
        "error_not_found": "Page introuvable", "error_forbidden": "Accès refusé", "error_internal": "Erreur interne",
        "error_internal_detail": "Une erreur s'est produite de notre côté. Elle a été journalisée.", "error_back": "Retour à l'accueil",
        "prefs_title": "Vos préférences", "prefs_intro": "Choisissez ce que vous acceptez de recevoir. Vous pouvez changer d'avis à tout moment.",
        "prefs_save": "Enregistrer", "prefs_saved": "Vos préférences ont été enregistrées.", "prefs_invalid": "Ce lien n'est plus valable. Demandez-en un nouveau à la marque.",
        "prefs_withdraw_all": "Ne plus rien recevoir",
        "confirm_title": "Inscription confirmée", "confirm_done": "Merci, votre inscription est confirmée.",
        "confirm_invalid": "Ce lien de confirmation n'est plus valable.",
        "channel_email": "E-mail", "channel_sms": "SMS", "channel_messenger": "Messagerie", "channel_post": "Courrier", "channel_phone": "Téléphone",
        "language_switch": "English", "language_switch_code": "en",
    ]

    static let english: [String: String] = [
        "app_name": "Relais",
        "nav_members": "Members", "nav_segments": "Segments", "nav_import": "Import", "nav_consent": "Consent",
        "nav_staff": "Staff", "nav_api_keys": "API keys", "nav_audit": "Audit log", "nav_logout": "Log out",
        "brand_switch": "Brand", "switch": "Switch",
        "login_title": "Log in", "login_email": "E-mail address", "login_password": "Password", "login_submit": "Log in",
        "login_failed": "Wrong e-mail address or password.", "login_throttled": "Too many attempts. Try again in a few minutes.",
        "setup_title": "Create the owner account", "setup_intro": "Welcome! Create your organisation, your first brand and your account.",
        "setup_org": "Organisation name", "setup_brand": "First brand name", "setup_name": "Your name",
        "setup_submit": "Create", "setup_invalid": "This set-up link is no longer valid. Restart Relais to get a new one.",
        "members_title": "Members", "members_search": "Search by e-mail, phone or name", "members_search_submit": "Search",
        "members_empty": "No member matches.", "members_next": "Next page", "col_name": "Name", "col_email": "E-mail",
        "col_phone": "Phone", "col_city": "City", "col_since": "Since",
        "member_profile": "Profile", "member_identities": "Identities", "member_consents": "Consents", "member_timeline": "Timeline",
        "member_export": "Export (GDPR)", "member_erase": "Erase (GDPR)", "member_erase_confirm": "Erase this member's personal data for good?",
        "member_no_name": "(no name)", "member_tags": "Tags", "member_attributes": "Attributes",
        "consent_purpose": "Purpose", "consent_channel": "Channel", "consent_status": "Status", "consent_source": "Source",
        "consent_wording": "Wording", "consent_when": "Date", "consent_proof": "Proof", "consent_none": "No consent recorded.",
        "status_granted": "granted", "status_withdrawn": "withdrawn", "status_pending": "awaiting confirmation",
        "timeline_empty": "Nothing yet.",
        "error_not_found": "Page not found", "error_forbidden": "Access denied", "error_internal": "Internal error",
        "error_internal_detail": "Something went wrong on our side. It has been logged.", "error_back": "Back to the start",
        "prefs_title": "Your preferences", "prefs_intro": "Choose what you agree to receive. You can change your mind at any time.",
        "prefs_save": "Save", "prefs_saved": "Your preferences have been saved.", "prefs_invalid": "This link is no longer valid. Ask the brand for a new one.",
        "prefs_withdraw_all": "Receive nothing at all",
        "confirm_title": "Subscription confirmed", "confirm_done": "Thank you, your subscription is confirmed.",
        "confirm_invalid": "This confirmation link is no longer valid.",
        "channel_email": "E-mail", "channel_sms": "SMS", "channel_messenger": "Messenger", "channel_post": "Post", "channel_phone": "Phone",
        "language_switch": "Français", "language_switch_code": "fr",
    ]
}
