// Generated from Config/openapi.json by Tests/OpenAPI/embed_openapi.py; do not edit by hand.

/// The OpenAPI 3.1 description of Pulse's HTTP API, served at `GET /api/openapi.json`: the
/// committed `Config/openapi.json`, embedded so the binary needs no file to answer. Immutable.
public enum OpenAPIDocument {
    /// The document's JSON text, byte for byte the committed file (without its final newline).
    public static let text = ##"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Pulse",
    "version": "1.0.0",
    "description": "Pulse's HTTP API (string lengths are bytes of UTF-8; a request head may hold at most 32 KB): ingest, analysis, state, the engagement model, health, metrics and the live streams (WebSocket at /ws, Server-Sent Events at /api/stream). With tokens configured, each route needs the role named in its description (bearer token; see the README's Security section). Every error is {\"error\": CODE, \"message\": TEXT, ...details}.",
    "license": {
      "name": "MIT",
      "identifier": "MIT"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer"
      }
    },
    "schemas": {
      "Post": {
        "type": "object",
        "description": "A post. Unknown numeric fields are kept (up to 64) for correlation; other unknown fields are ignored.",
        "required": [
          "text"
        ],
        "properties": {
          "id": {
            "description": "Makes ingestion idempotent: a non-empty string of at most 256 bytes, or an integer.",
            "oneOf": [
              {
                "type": "string",
                "minLength": 1,
                "maxLength": 256
              },
              {
                "type": "integer",
                "minimum": -999999999999999,
                "maximum": 999999999999999
              },
              {
                "type": "null"
              }
            ]
          },
          "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": 20000,
            "pattern": "\\S",
            "description": "Not only whitespace; at most limits.maxTextBytes (default 20,000) bytes of UTF-8."
          },
          "hashtags": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 64,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 140
            },
            "description": "Wins over hashtags found in the text; lower-cased, without '#'. At most limits.maxHashtagsPerPost (default 64), each at most 140 bytes."
          },
          "author": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 256
          },
          "platform": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 256
          },
          "created_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time",
            "description": "RFC 3339; defaults to the time of ingestion."
          },
          "followers": {
            "type": [
              "number",
              "null"
            ],
            "minimum": 0
          },
          "likes": {
            "type": [
              "number",
              "null"
            ],
            "minimum": 0
          },
          "shares": {
            "type": [
              "number",
              "null"
            ],
            "minimum": 0
          },
          "comments": {
            "type": [
              "number",
              "null"
            ],
            "minimum": 0
          }
        },
        "additionalProperties": true
      },
      "Error": {
        "type": "object",
        "required": [
          "error",
          "message"
        ],
        "description": "Every refusal. Extra members give details: index (which post or NDJSON line), field, offset (byte), limit.",
        "properties": {
          "error": {
            "type": "string",
            "description": "Machine-readable code, e.g. invalid_post, malformed_json, too_large."
          },
          "message": {
            "type": "string",
            "description": "What is wrong, for people."
          },
          "index": {
            "type": "integer",
            "minimum": 0
          },
          "field": {
            "type": "string"
          },
          "offset": {
            "type": "integer",
            "minimum": 0
          },
          "limit": {
            "type": "integer",
            "minimum": 0
          }
        }
      },
      "Stats": {
        "type": "object",
        "required": [
          "total",
          "duplicates",
          "posts_per_second",
          "subscribers"
        ],
        "properties": {
          "total": {
            "type": "integer",
            "minimum": 0
          },
          "duplicates": {
            "type": "integer",
            "minimum": 0
          },
          "posts_per_second": {
            "type": "number"
          },
          "subscribers": {
            "type": "integer",
            "minimum": 0
          }
        }
      },
      "Topics": {
        "type": "object",
        "description": "One member per topic; shapes in the README's WebSocket protocol section.",
        "properties": {
          "sentiment": {
            "type": "object"
          },
          "trending": {
            "type": "object"
          },
          "clusters": {
            "type": "object"
          },
          "words": {
            "type": "object"
          },
          "engagement": {
            "type": "object"
          },
          "correlation": {
            "type": "object"
          },
          "posts": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "alerts": {
            "type": "object",
            "properties": {
              "alerts": {
                "type": "array",
                "items": {
                  "type": "object"
                }
              }
            }
          }
        },
        "additionalProperties": false
      },
      "State": {
        "type": "object",
        "required": [
          "op",
          "epoch",
          "offset",
          "time",
          "stats",
          "topics"
        ],
        "description": "The whole current state, in the shape of a WebSocket snapshot.",
        "properties": {
          "op": {
            "const": "state"
          },
          "epoch": {
            "type": "integer",
            "minimum": 1
          },
          "offset": {
            "type": "integer",
            "minimum": 0
          },
          "time": {
            "type": "number"
          },
          "stats": {
            "$ref": "#/components/schemas/Stats"
          },
          "topics": {
            "$ref": "#/components/schemas/Topics"
          }
        }
      },
      "Analysis": {
        "type": "object",
        "required": [
          "text",
          "sentiment",
          "hashtags",
          "cluster",
          "engagement"
        ],
        "properties": {
          "text": {
            "type": "string"
          },
          "sentiment": {
            "type": "object",
            "required": [
              "neg",
              "neu",
              "pos",
              "compound",
              "label"
            ],
            "properties": {
              "neg": {
                "type": "number"
              },
              "neu": {
                "type": "number"
              },
              "pos": {
                "type": "number"
              },
              "compound": {
                "type": "number",
                "minimum": -1,
                "maximum": 1
              },
              "label": {
                "enum": [
                  "positive",
                  "neutral",
                  "negative"
                ]
              }
            }
          },
          "hashtags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "cluster": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "required": [
                  "id",
                  "label"
                ],
                "properties": {
                  "id": {
                    "type": "integer"
                  },
                  "label": {
                    "type": "string"
                  }
                }
              }
            ]
          },
          "engagement": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "required": [
                  "target",
                  "predicted",
                  "bias",
                  "contributions"
                ],
                "properties": {
                  "target": {
                    "type": "string"
                  },
                  "predicted": {
                    "type": "number"
                  },
                  "bias": {
                    "type": "number"
                  },
                  "contributions": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "feature",
                        "value",
                        "contribution"
                      ],
                      "properties": {
                        "feature": {
                          "type": "string"
                        },
                        "value": {
                          "type": [
                            "number",
                            "string",
                            "null"
                          ]
                        },
                        "contribution": {
                          "type": "number"
                        }
                      }
                    }
                  }
                }
              }
            ]
          }
        }
      },
      "ModelReport": {
        "type": "object",
        "description": "The `pulse train` report (snake_case), feature_importances largest first.",
        "required": [
          "target",
          "features",
          "feature_importances",
          "version"
        ],
        "properties": {
          "target": {
            "type": "string"
          },
          "features": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "feature_importances": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "feature",
                "importance"
              ],
              "properties": {
                "feature": {
                  "type": "string"
                },
                "importance": {
                  "type": "number"
                }
              }
            }
          },
          "cv": {
            "type": "object",
            "properties": {
              "k": {
                "type": "integer"
              },
              "mean_mse": {
                "type": "number"
              },
              "folds": {
                "type": "array",
                "items": {
                  "type": "number"
                }
              }
            }
          },
          "version": {
            "type": "integer"
          }
        }
      },
      "Job": {
        "type": "object",
        "required": [
          "job",
          "state",
          "progress",
          "message",
          "activated",
          "report"
        ],
        "properties": {
          "job": {
            "type": "string"
          },
          "state": {
            "enum": [
              "running",
              "done",
              "failed"
            ]
          },
          "progress": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "message": {
            "type": "string"
          },
          "activated": {
            "type": "boolean"
          },
          "report": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "$ref": "#/components/schemas/ModelReport"
              }
            ]
          }
        }
      },
      "Accepted": {
        "type": "object",
        "required": [
          "accepted",
          "duplicates",
          "offset"
        ],
        "properties": {
          "accepted": {
            "type": "integer",
            "minimum": 0
          },
          "duplicates": {
            "type": "integer",
            "minimum": 0
          },
          "offset": {
            "type": "integer",
            "minimum": 0,
            "description": "The ingest log position after this request."
          }
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request breaks a rule; `error`, `field` and `index` say which.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No valid bearer token (only when tokens are configured).",
        "headers": {
          "WWW-Authenticate": {
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The token lacks the role this route needs.",
        "headers": {
          "WWW-Authenticate": {
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "RateLimited": {
        "description": "Over the per-address request rate (server.httpRequestsPerSecond).",
        "headers": {
          "Retry-After": {
            "description": "Seconds to wait before retrying.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]+$"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unavailable": {
        "description": "Recovering, shutting down, or the write-ahead log failed.",
        "headers": {
          "Retry-After": {
            "description": "Seconds to wait before retrying.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]+$"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "LengthRequired": {
        "description": "No Content-Length (chunked bodies are not accepted).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "TooLarge": {
        "description": "The body exceeds limits.maxBodyBytes, or more than limits.maxPostsPerRequest posts.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "Content-Type is not one this route accepts.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    }
  },
  "paths": {
    "/api/posts": {
      "post": {
        "operationId": "ingestPosts",
        "summary": "Ingest posts (role: ingest, or a signed webhook)",
        "description": "One post object, a JSON array of posts, or NDJSON. All or nothing per request; answered once the posts are durable in the write-ahead log.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/Post"
                  },
                  {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 10000,
                    "items": {
                      "$ref": "#/components/schemas/Post"
                    }
                  }
                ]
              }
            },
            "application/x-ndjson": {
              "schema": {
                "type": "string",
                "description": "One post object per line."
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "Durable.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Accepted"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "411": {
            "$ref": "#/components/responses/LengthRequired"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/analyze": {
      "post": {
        "operationId": "analyzePost",
        "summary": "Score one post without storing it (role: subscribe)",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Post"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Sentiment, hashtags, nearest cluster and the engagement prediction with the features that drove it (bias + sum of contributions = predicted).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Analysis"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "411": {
            "$ref": "#/components/responses/LengthRequired"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/state": {
      "get": {
        "operationId": "getState",
        "summary": "The whole current state (role: subscribe)",
        "responses": {
          "200": {
            "description": "A snapshot with every topic.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/State"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/model": {
      "get": {
        "operationId": "getModel",
        "summary": "The live engagement model's report (role: subscribe)",
        "responses": {
          "200": {
            "description": "The report.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ModelReport"
                }
              }
            }
          },
          "404": {
            "description": "No model is loaded (`no_model`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/model/train": {
      "post": {
        "operationId": "trainModel",
        "summary": "Train a model in the background (role: admin)",
        "parameters": [
          {
            "name": "target",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "The column to predict."
          },
          {
            "name": "features",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "Comma-separated feature columns."
          },
          {
            "name": "grid",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 256
            },
            "description": "name=v1,v2;name=v3 (n_estimators, max_depth, min_samples_split, min_samples_leaf, max_features); default n_estimators=50;max_depth=8."
          },
          {
            "name": "cv",
            "in": "query",
            "schema": {
              "type": "integer"
            },
            "description": "Folds of cross-validation (0 for none, else at least 2); default 3."
          },
          {
            "name": "seed",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "activate",
            "in": "query",
            "schema": {
              "type": "boolean"
            },
            "description": "Make the finished model the live one (default true)."
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "text/csv": {
              "schema": {
                "type": "string",
                "description": "CSV with a header row (text/csv) or one JSON object per line (application/x-ndjson)."
              }
            },
            "application/x-ndjson": {
              "schema": {
                "type": "string",
                "description": "CSV with a header row (text/csv) or one JSON object per line (application/x-ndjson)."
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "Started.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "job"
                  ],
                  "properties": {
                    "job": {
                      "type": "string"
                    }
                  }
                }
              }
            },
            "links": {
              "GetJob": {
                "operationId": "getTrainingJob",
                "parameters": {
                  "id": "$response.body#/job"
                }
              },
              "ActivateJob": {
                "operationId": "activateTrainingJob",
                "parameters": {
                  "id": "$response.body#/job"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "411": {
            "$ref": "#/components/responses/LengthRequired"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/model/jobs/{id}": {
      "get": {
        "operationId": "getTrainingJob",
        "summary": "A training job's state (role: admin)",
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,64}$"
            },
            "description": "A job id from POST /api/model/train (j-N)."
          }
        ],
        "responses": {
          "200": {
            "description": "The job.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "404": {
            "description": "No such job (`no_job`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "405": {
            "description": "A path that is not a job's (`method_not_allowed`, `Allow` names the method).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/model/jobs/{id}/activate": {
      "post": {
        "operationId": "activateTrainingJob",
        "summary": "Make a finished job's model the live one (role: admin)",
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,64}$"
            },
            "description": "A job id from POST /api/model/train (j-N)."
          }
        ],
        "responses": {
          "200": {
            "description": "Activated.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "activated"
                  ],
                  "properties": {
                    "activated": {
                      "const": true
                    }
                  }
                }
              }
            }
          },
          "404": {
            "description": "No such job (`no_job`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "405": {
            "description": "A path that is not a job's activation (`method_not_allowed`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "409": {
            "description": "The job has not finished (`not_ready`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/stream": {
      "get": {
        "operationId": "streamEvents",
        "summary": "Server-Sent Events (role: subscribe)",
        "description": "The WebSocket subscription as an event stream: `subscribed`, then a `snapshot` unless recovered, then one `delta` per change, each as `id: EPOCH:OFFSET` and `data: JSON` (the WebSocket message). Reconnecting with `Last-Event-ID` recovers exactly like `recover`. A heartbeat comment every 15 s on a quiet stream. A slow reader's stream ends; it reconnects with Last-Event-ID.",
        "parameters": [
          {
            "name": "topics",
            "in": "query",
            "style": "form",
            "explode": false,
            "description": "Comma-separated topics (default: all; empty: none).",
            "schema": {
              "type": "array",
              "items": {
                "enum": [
                  "sentiment",
                  "trending",
                  "clusters",
                  "words",
                  "engagement",
                  "correlation",
                  "posts",
                  "alerts"
                ]
              }
            }
          },
          {
            "name": "hashtags",
            "in": "query",
            "style": "form",
            "explode": false,
            "description": "Comma-separated hashtags for the posts topic (a leading # is dropped).",
            "schema": {
              "type": "array",
              "maxItems": 20,
              "items": {
                "type": "string",
                "minLength": 1,
                "maxLength": 140,
                "pattern": "^#*[^,&#\\u0000-\\u001f\\u007f][^,&\\u0000-\\u001f\\u007f]*$"
              }
            }
          },
          {
            "name": "keywords",
            "in": "query",
            "style": "form",
            "explode": false,
            "description": "Comma-separated keywords for the posts topic.",
            "schema": {
              "type": "array",
              "maxItems": 20,
              "items": {
                "type": "string",
                "minLength": 1,
                "maxLength": 140,
                "pattern": "^[^,&\\u0000-\\u001f\\u007f]+$"
              }
            }
          },
          {
            "name": "token",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 256
            },
            "description": "A subscribe token (EventSource cannot set headers)."
          },
          {
            "name": "lastEventId",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 256
            },
            "description": "Like the Last-Event-ID header, for clients that cannot set it."
          },
          {
            "name": "Last-Event-ID",
            "in": "header",
            "schema": {
              "type": "string",
              "maxLength": 256
            },
            "description": "The id of the last event received (EPOCH:OFFSET): the stream resumes after it when it can, else starts with a snapshot (also when the id is not EPOCH:OFFSET)."
          }
        ],
        "responses": {
          "200": {
            "description": "An endless text/event-stream; each event's data is one WebSocket message.",
            "content": {
              "text/event-stream": {
                "schema": {
                  "type": "object",
                  "required": [
                    "id",
                    "data"
                  ],
                  "properties": {
                    "id": {
                      "type": "string",
                      "pattern": "^[0-9]+:[0-9]+$",
                      "description": "EPOCH:OFFSET"
                    },
                    "data": {
                      "type": "string",
                      "contentMediaType": "application/json",
                      "pattern": "^\\{\"op\":\"(subscribed|snapshot|delta)\",\"epoch\":[0-9]+,\"offset\":[0-9]+,"
                    },
                    "event": {
                      "const": "message"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "A bad topic, filter, parameter or Last-Event-ID (`bad_subscription`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/ws": {
      "get": {
        "operationId": "webSocket",
        "summary": "The WebSocket endpoint (see the README's WebSocket protocol)",
        "responses": {
          "101": {
            "description": "Upgraded to a WebSocket."
          },
          "426": {
            "description": "A plain GET (`upgrade_required`).",
            "headers": {
              "Upgrade": {
                "schema": {
                  "const": "websocket"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/api/openapi.json": {
      "get": {
        "operationId": "getOpenAPI",
        "summary": "This document",
        "responses": {
          "200": {
            "description": "OpenAPI 3.1.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "openapi",
                    "paths"
                  ]
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness",
        "responses": {
          "200": {
            "description": "The process runs.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "status"
                  ],
                  "properties": {
                    "status": {
                      "const": "ok"
                    }
                  }
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "operationId": "ready",
        "summary": "Readiness (recovery finished)",
        "responses": {
          "200": {
            "description": "Ready.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "ready"
                  ],
                  "properties": {
                    "ready": {
                      "const": true
                    }
                  }
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "Prometheus text format (role: subscribe)",
        "responses": {
          "200": {
            "description": "Counters, gauges and the push-tick histogram.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/": {
      "get": {
        "operationId": "dashboard",
        "summary": "The dashboard (index.html); other static paths serve WebClient's files",
        "responses": {
          "200": {
            "description": "HTML.",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "304": {
            "description": "Not modified (If-None-Match matched the ETag)."
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    }
  }
}
"""##

    public static let bytes = Array(text.utf8)
}
