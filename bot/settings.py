"""One typed settings object, read from the environment and `.env`, built once in main()."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
"""Bundled knowledge and intents live beside the package, so no setting depends on the cwd."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True, env_ignore_empty=True
    )

    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    dev_guild_id: int | None = Field(default=None, alias="DEV_GUILD_ID")
    faq_channels: Annotated[tuple[str, ...], NoDecode] = Field(default=(), alias="FAQ_CHANNELS")
    answer_threshold: float = Field(default=0.35, ge=0, le=1, alias="ANSWER_THRESHOLD")
    answer_margin: float = Field(default=0.0, ge=0, le=1, alias="ANSWER_MARGIN")
    channel_threshold: float = Field(default=0.6, ge=0, le=1, alias="CHANNEL_THRESHOLD")
    channel_margin: float = Field(default=0.05, ge=0, le=1, alias="CHANNEL_MARGIN")
    database_path: Path = Field(default=Path("data/bot.sqlite3"), alias="DATABASE_PATH")
    database_url: SecretStr | None = Field(default=None, alias="DATABASE_URL")
    """postgresql://… shared by every process; when set it replaces DATABASE_PATH. Secret: it may hold a password."""
    log_questions: bool = Field(default=True, alias="LOG_QUESTIONS")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    knowledge_dir: Path = Field(default=PACKAGE_ROOT / "knowledge", alias="KNOWLEDGE_DIR")
    intents_dir: Path = Field(default=PACKAGE_ROOT / "intents", alias="INTENTS_DIR")
    shard_count: int | None = Field(default=None, ge=1, alias="SHARD_COUNT")
    shard_ids: Annotated[tuple[int, ...], NoDecode] = Field(default=(), alias="SHARD_IDS")

    @field_validator("faq_channels", mode="before")
    @classmethod
    def _split_channels(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip().lstrip("#") for part in value.split(",") if part.strip())
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("database_url")
    @classmethod
    def _postgres(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("postgresql://", "postgres://")):
            raise ValueError("DATABASE_URL must start with postgresql:// (leave it empty for SQLite)")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {value!r}")
        return level
