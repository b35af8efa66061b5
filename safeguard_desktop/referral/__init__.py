"""Referrals to the MASH and consultations with LCSS, and the signed packets that record them."""
