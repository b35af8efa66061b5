"""The practitioner who records or refers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from safeguard_desktop.domain.errors import DomainError

__all__ = ["Practitioner"]


class Practitioner(BaseModel):
    """Who recorded something: name, role and organisation are required by every agency."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str
    role: str
    organisation: str
    contact: str = ""

    @field_validator("name", "role", "organisation")
    @classmethod
    def _required(cls, value: str) -> str:
        if not value:
            raise DomainError("This is required.")
        return value

    def one_line(self) -> str:
        """Return ``name, role, organisation`` for headings and signatures."""
        return f"{self.name}, {self.role}, {self.organisation}"
