#!/bin/sh
# A sample case on a throwaway database: new, log (note, milestone, promise, attachment), show, verify.
set -e
workdir=$(mktemp -d)
export COMPLAINTCTL_DB="$workdir/demo.db"
bin=$(dirname "$0")/.venv/bin
PATH="$bin:$PATH"
complaintctl new --title "Headphones never arrived" --marketplace amazon.co.uk \
    --order 202-1234567-1234567 --seller "SoundShop EU" --sold-by third-party --fulfilled-by seller \
    --issue not-received --ordered 2026-11-01 --delivery-by 2026-11-10 --amount 59.99 --currency GBP \
    --paid-by credit-card --country GB >/dev/null
complaintctl log 1 --event seller-contacted --at "2026-11-11 09:00" --channel web \
    "Asked the seller via Buyer-Seller Messaging"
complaintctl log 1 "Chat with agent Priya: she promised a refund within 3 days" --channel chat \
    --agent Priya --ref "CS-88812" --at "2026-11-14 15:20" --promise "refund" --due "2026-11-17"
printf 'Order 202-1234567-1234567, 59.99 GBP, paid 2026-11-01\n' > "$workdir/receipt.txt"
complaintctl log 1 "Receipt kept with the case" --attach "$workdir/receipt.txt"
complaintctl show 1
complaintctl next 1
complaintctl verify
echo "(demo database: $COMPLAINTCTL_DB)"
