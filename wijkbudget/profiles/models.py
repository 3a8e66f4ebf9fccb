"""Indicator figures of the wijkvernieuwing (leefbaarheid, armoede, leren, …) per wijk."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.db import Base, UTCDateTime, str_enum, utcnow
from wijkbudget.projects.models import ProgrammeLine
from wijkbudget.wijken.models import Wijk


class Unit(StrEnum):
    PERCENT = "percent"
    SCORE = "score"


class Indicator(Base):
    """One measure, e.g. "Minimahuishoudens (%)", with its value for the rest of Groningen."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    theme: Mapped[ProgrammeLine] = mapped_column(str_enum(ProgrammeLine))
    unit: Mapped[Unit] = mapped_column(str_enum(Unit))
    name_nl: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    explanation_nl: Mapped[str] = mapped_column(sa.String(400), default="")
    explanation_en: Mapped[str] = mapped_column(sa.String(400), default="")
    source: Mapped[str] = mapped_column(sa.String(300))
    year: Mapped[int]
    # The figure for the rest of Groningen ("Overig Groningen"), the comparison on every chart.
    groningen_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(8, 2))
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )


class IndicatorValue(Base):
    """The figure of one indicator in one wijk."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "wijk_id", name="uq_indicator_values_indicator_wijk"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    wijk_id: Mapped[int] = mapped_column(sa.ForeignKey("wijken.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal] = mapped_column(sa.Numeric(8, 2))

    indicator: Mapped[Indicator] = relationship(back_populates="values")
    wijk: Mapped[Wijk] = relationship()
