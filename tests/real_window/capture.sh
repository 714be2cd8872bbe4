#!/usr/bin/env bash
# Captures a 10-step pathway (5 new roles, a three-way branch from triage, a DNA
# that loops back to booking) in the real opmt window by keyboard alone, as a
# facilitator would type it: xdotool at 30 ms a key, no mouse. Counts the xdotool
# calls ("actions") and the seconds taken, saves the model through the app's own
# Save dialog, and takes screenshots along the way.
#
# Run it on a display with a window manager (keyboard input needs one):
#   xvfb-run -a -s "-screen 0 1600x1000x24" bash -c \
#     'openbox & sleep 1; tests/real_window/capture.sh target/debug/opmt /tmp/capture'
# then check the saved file: opmt report /tmp/capture/capture.ron
# It fails (exit 1) when no file was saved. The keys go at typing speed whatever
# the app's speed: a slow build falls behind and works through them in order
# (the screenshots then show it some keys back), and the script waits for the
# saved file. EVERY=1 adds a screenshot after every action; actions.log lists
# the actions by number.
set -euo pipefail

BIN=${1:?the opmt binary}
OUT=${2:?a folder for the screenshots and the saved model}
mkdir -p "$OUT"
rm -f "$OUT/actions.log"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
chmod 700 "$XDG_RUNTIME_DIR"
# A fresh home: no preferences, no recovery files, no portal, no zenity.
export HOME="$OUT/home"
mkdir -p "$HOME"

"$BIN" >"$OUT/opmt.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    WIN=$(xdotool search --name "opmt" 2>/dev/null | head -1 || true)
    [ -n "$WIN" ] && break
    sleep 1
done
[ -n "$WIN" ] || { echo "no opmt window"; exit 1; }
sleep 3
xdotool windowactivate --sync "$WIN" 2>/dev/null || xdotool windowfocus --sync "$WIN"
sleep 1

ACTIONS=0
# One action: one xdotool call, keys 30 ms apart; a short pause for the eye.
# EVERY=1 takes a screenshot after every action, a-NNN.png, to see where a run goes
# off track (they are not counted in the seconds' worth of the run).
# Each action is listed, by number, in actions.log.
every() { [ -z "${EVERY:-}" ] || import -window root "$OUT/a-$(printf %03d "$ACTIONS").png"; }
k() { ACTIONS=$((ACTIONS + 1)); echo "$ACTIONS key $*" >>"$OUT/actions.log"; xdotool key --delay 30 "$@"; sleep 0.3; every; }
t() { ACTIONS=$((ACTIONS + 1)); echo "$ACTIONS type $1" >>"$OUT/actions.log"; xdotool type --delay 30 "$1"; sleep 0.3; every; }
shot() { sleep 0.5; import -window root "$OUT/$1.png"; }

START=$(date +%s.%N)

# File > New: the first step's name has the keyboard.
k ctrl+n
# 1. GP letter: new role GP at £150 an hour, 6 minutes.
t "GP letter"
k Tab Tab Tab Return
t "GP"
k Tab
t "150"
k Tab
t "6"
# Enter commits the number; Enter again adds the next step after this one.
k Return Return
# 2. Register the referral: new role Admin clerk £25, 4 min, 1 day.
t "Register referral"
k Tab Tab Tab Return
t "Admin clerk"
k Tab
t "25"
k Tab
t "4"
k Tab Tab
t "1"
k Return Return
# 3. Triage: stage Triage, new role Consultant £120, 3 min, 5 days.
t "Triage"
k Tab Return
t "tri"
k Return Tab Tab Return
t "Consultant"
k Tab
t "120"
k Tab
t "3"
k Tab Tab
t "5"
k Return Return
# 4. Booking: stage Booking, new role Booking clerk £30, 12 min, 20 days.
t "Booking clerk books"
k Tab Return
t "book"
k Return Tab Tab Return
t "Booking clerk"
k Tab
t "30"
k Tab
t "12"
k Tab Tab
t "20"
k Return Return
shot 1-booking
# 5. Clinic: Attendance, the consultant, 15 min.
t "Clinic"
k Tab Return
t "atten"
k Return Tab Return
t "cons"
k Return Tab Tab Tab Tab
t "15"
k Return Return
# 6. Clinic letter: new role Medical secretary £28, 8 min; ends: Appointment.
t "Clinic letter"
k Tab Tab Tab Return
t "Medical secretary"
k Tab
t "28"
k Tab
t "8"
k Tab Tab Tab Tab Tab Tab Return
t "appoint"
k Return
shot 2-clinic-letter
# Back to booking (two steps up): its DNA branch takes 10%.
k Escape ctrl+Up ctrl+Up Return
# 7. DNA: 10% from booking, Attendance.
t "DNA"
k Tab
t "10"
k Tab Return
t "atten"
k Return Escape Return
# 8. DNA rebooking call: Booking, the booking clerk, 6 min, back to booking.
t "DNA rebooking call"
k Tab Return
t "book"
k Return Tab Return
t "booking cl"
k Return Tab Tab Tab Tab
t "6"
k Tab Tab Tab Tab Tab Tab Tab Return
t "Booking clerk books"
k Return
shot 3-dna-loop
# Back to triage (five steps up): advice only for 20%.
k Escape ctrl+Up ctrl+Up ctrl+Up ctrl+Up ctrl+Up Return
# 9. Advice letter: 20% from triage, the medical secretary, 10 min; ends: Advice.
t "Advice letter"
k Tab
t "20"
k Tab Tab Return
t "medical"
k Return Tab Tab Tab Tab
t "10"
k Tab Tab Tab Tab Tab Tab Return
t "advice"
k Return
# Back to triage (six steps up): urgent for 10%.
k Escape ctrl+Up ctrl+Up ctrl+Up ctrl+Up ctrl+Up ctrl+Up Return
# 10. Urgent clinic: 10% from triage, Attendance, the consultant, 20 min; ends: Appointment.
t "Urgent clinic"
k Tab
t "10"
k Tab Return
t "atten"
k Return Tab Return
t "cons"
k Return Tab Tab Tab Tab
t "20"
k Tab Tab Tab Tab Tab Tab Return
t "appoint"
k Return
shot 4-urgent
# Save: Ctrl+S asks where (the app's own dialog, as there is no portal here).
k Escape ctrl+s
sleep 1
shot 5-save-dialog
t "$OUT/capture.ron"
k Return
# On a slow machine the app is still working through the keys typed: wait (up
# to two minutes) for the file to be written before stopping the clock.
for _ in $(seq 1 240); do
    [ -s "$OUT/capture.ron" ] && break
    sleep 0.5
done
END=$(date +%s.%N)
shot 6-saved

echo "actions: $ACTIONS"
echo "seconds: $(echo "$END - $START" | bc)"
if [ -s "$OUT/capture.ron" ]; then
    echo "saved: $OUT/capture.ron"
else
    echo "not saved: no $OUT/capture.ron"
    exit 1
fi
