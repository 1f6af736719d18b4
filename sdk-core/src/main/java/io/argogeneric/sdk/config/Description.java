package io.argogeneric.sdk.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes a config field or class for people: shown in generated schemas and docs. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {
  /** The description: one or two sentences, plain text. */
  String value();
}
