"""Every write to party records goes through these services (keyword-only, ``actor``, atomic, an event
row, DomainError with a Chinese message and nothing written on bad input):

- registration: 双报到 (request, confirm)
- orgs: party organisations and their coverage; members, 流动党员; activity records
- transfers: 组织关系转接 (out of one organisation into another, accepted by the receiving side)
- bodies: 支部班子, 业委会/物管会/监事会, property guidance bodies, and their seats
- cobuilding: 共建 units, agreements with their commitments, activities / deeds / mediations
"""

from .bodies import body_create, body_update, seat_add, seat_end
from .cobuilding import agreement_create, agreement_update, cobuilding_record_add
from .orgs import activity_record, member_create, member_update, org_create, org_update
from .registration import RegistrationError, registration_confirm, registration_request
from .transfers import transfer_accept, transfer_reject, transfer_request

__all__ = [
    "RegistrationError",
    "activity_record",
    "agreement_create",
    "agreement_update",
    "body_create",
    "body_update",
    "cobuilding_record_add",
    "member_create",
    "member_update",
    "org_create",
    "org_update",
    "registration_confirm",
    "registration_request",
    "seat_add",
    "seat_end",
    "transfer_accept",
    "transfer_reject",
    "transfer_request",
]
