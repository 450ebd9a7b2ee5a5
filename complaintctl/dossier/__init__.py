"""The dossier: what a card issuer, regulator or court receives. Built as data, rendered by templates."""
