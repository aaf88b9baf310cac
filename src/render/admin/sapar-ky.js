// Decap CMS's own words in Kyrgyz, written for Sapar: Decap ships no Kyrgyz locale. The keys
// are those of Decap 3.16's English locale (packages/decap-cms-locales/src/en/index.js); the
// configuration's `locale: ky` selects it (render::admin::config). Loaded after decap-cms.js and
// before the CMS reads its configuration.
//
// TO BE REVIEWED BY A NATIVE SPEAKER: these strings were written from the English and Russian
// locales and have not yet been checked by a native speaker of Kyrgyz.
(function () {
  var CMS = window.CMS;
  if (!CMS || !CMS.registerLocale) return;
  CMS.registerLocale('ky', {
    auth: {
      login: 'Кирүү',
      loggingIn: 'Кирүүдө...',
      loginWithNetlifyIdentity: 'Netlify Identity аркылуу кирүү',
      loginWithAzure: 'Azure аркылуу кирүү',
      loginWithBitbucket: 'Bitbucket аркылуу кирүү',
      loginWithGitHub: 'GitHub аркылуу кирүү',
      loginWithGitLab: 'GitLab аркылуу кирүү',
      loginWithGitea: 'Gitea аркылуу кирүү',
      errors: {
        email: 'Электрондук почтаңызды жазыңыз.',
        password: 'Сырсөзүңүздү жазыңыз.',
        identitySettings: 'Идентификация жөндөөлөрүн ачуу мүмкүн болбоду. git-gateway колдонулса, Identity кызматын жана Git Gateway күйгүзүңүз.'
      }
    },
    app: {
      header: {
        content: 'Мазмуну',
        workflow: 'Иштин жүрүшү',
        media: 'Медиа',
        quickAdd: 'Тез кошуу'
      },
      app: {
        errorHeader: 'CMS жөндөөлөрүн жүктөөдө ката кетти',
        configErrors: 'Жөндөөлөрдөгү каталар',
        checkConfigYml: 'config.yml файлын текшериңиз.',
        loadingConfig: 'Жөндөөлөр жүктөлүүдө...',
        waitingBackend: 'Сервер күтүлүүдө...'
      },
      notFoundPage: {
        header: 'Табылган жок'
      }
    },
    collection: {
      sidebar: {
        collections: 'Бөлүмдөр',
        allCollections: 'Бардык бөлүмдөр',
        searchAll: 'Баарынан издөө',
        searchIn: 'Ичинен издөө'
      },
      collectionTop: {
        sortBy: 'Иреттөө',
        viewAs: 'Көрүнүшү',
        viewAsList: 'Тизме түрүндө',
        viewAsGrid: 'Тор түрүндө',
        newButton: '＋ %{collectionLabel}',
        newButtonAriaLabel: 'Жаңы жазуу: %{collectionLabel}',
        ascending: 'Өсүү боюнча',
        descending: 'Кемүү боюнча',
        searchResults: '«%{searchTerm}» боюнча издөөнүн жыйынтыгы',
        searchResultsInCollection: '«%{searchTerm}» боюнча %{collection} бөлүмүндөгү издөөнүн жыйынтыгы',
        filterBy: 'Чыпкалоо',
        groupBy: 'Топтоо'
      },
      entries: {
        loadingEntries: 'Жазуулар жүктөлүүдө...',
        cachingEntries: 'Жазуулар сакталууда...',
        longerLoading: 'Бул бир нече мүнөткө созулушу мүмкүн',
        noEntries: 'Жазуулар жок',
        unpublishedHeader: 'Жарыяланбаган жазуулар'
      },
      groups: {
        other: 'Башка',
        negateLabel: '%{label} эмес'
      },
      defaultFields: {
        author: { label: 'Автор' },
        updatedOn: { label: 'Жаңыртылган күнү' }
      }
    },
    editor: {
      editorControl: {
        field: {
          optional: 'милдеттүү эмес',
          widgetLabel: '%{widgetLabel} талаасы'
        }
      },
      editorControlPane: {
        widget: {
          required: '«%{fieldLabel}» толтурулушу керек.',
          regexPattern: '«%{fieldLabel}»: %{pattern}.',
          processing: '«%{fieldLabel}» иштетилүүдө.',
          range: '«%{fieldLabel}» %{minValue} менен %{maxValue} ортосунда болушу керек.',
          min: '«%{fieldLabel}» жок дегенде %{minValue} болушу керек.',
          max: '«%{fieldLabel}» %{maxValue} же андан аз болушу керек.',
          rangeCount: '«%{fieldLabel}» ичинде %{minCount} дан %{maxCount} га чейин элемент болушу керек.',
          rangeCountExact: '«%{fieldLabel}» ичинде так %{count} элемент болушу керек.',
          rangeMin: '«%{fieldLabel}» ичинде жок дегенде %{minCount} элемент болушу керек.',
          rangeMax: '«%{fieldLabel}» ичинде %{maxCount} же андан аз элемент болушу керек.',
          invalidPath: '«%{path}» туура жол эмес',
          pathExists: '«%{path}» деген жол мурунтан эле бар'
        },
        i18n: {
          writingInLocale: '%{locale} тилинде жазуу',
          copyFromLocale: 'Башка тилден толтуруу',
          copyFromLocaleConfirm: '%{locale} тилиндеги маалымат менен толтурасызбы?\nАзыркы мазмундун баары алмаштырылат.'
        }
      },
      editor: {
        onLeavePage: 'Бул барактан чындап чыгасызбы?',
        onUpdatingWithUnsavedChanges: 'Сакталбаган өзгөртүүлөр бар: абалын өзгөртүүдөн мурун сактаңыз.',
        onPublishingNotReady: 'Жарыялоодон мурун абалын «Даяр» кылыңыз.',
        onPublishingWithUnsavedChanges: 'Сакталбаган өзгөртүүлөр бар: жарыялоодон мурун сактаңыз.',
        onPublishing: 'Бул жазууну чындап жарыялайсызбы?',
        onUnpublishing: 'Бул жазууну жарыялоодон чындап алып саласызбы?',
        onDeleteWithUnsavedChanges: 'Бул жарыяланган жазууну жана ушул сеанстагы сакталбаган өзгөртүүлөрдү чындап өчүрөсүзбү?',
        onDeletePublishedEntry: 'Бул жарыяланган жазууну чындап өчүрөсүзбү?',
        onDeleteUnpublishedChangesWithUnsavedChanges: 'Бул жазуунун жарыяланбаган бардык өзгөртүүлөрү жана ушул сеанстагы сакталбаган өзгөртүүлөрүңүз өчүрүлөт. Баары бир өчүрөсүзбү?',
        onDeleteUnpublishedChanges: 'Бул жазуунун жарыяланбаган бардык өзгөртүүлөрү өчүрүлөт. Баары бир өчүрөсүзбү?',
        loadingEntry: 'Жазуу жүктөлүүдө...',
        confirmLoadBackup: 'Бул жазуунун жергиликтүү камдык көчүрмөсү табылды. Аны колдоносузбу?'
      },
      editorInterface: {
        toggleI18n: 'Тилдерди көрсөтүү/жашыруу',
        togglePreview: 'Алдын ала көрүүнү көрсөтүү/жашыруу',
        toggleScrollSync: 'Бирге жылдыруу',
        toggleNotes: 'Эскертмелерди көрсөтүү/жашыруу'
      },
      editorNotesPane: {
        title: 'Эскертмелер',
        emptyState: 'Азырынча эскертмелер жок. Биргелешип иштөө үчүн төмөндө биринчи эскертмени кошуңуз.',
        addNote: 'Эскертме кошуу',
        addPlaceholder: 'Эскертме кошуу...',
        editPlaceholder: 'Эскертмени түзөтүү...',
        save: 'Сактоо',
        cancel: 'Жокко чыгаруу',
        edit: 'Түзөтүү',
        delete: 'Өчүрүү',
        resolve: 'Чечилди',
        unresolve: 'Кайра ачуу',
        confirmDelete: 'Бул эскертмени чындап өчүрөсүзбү?',
        shortcut: 'Кеңеш: эскертмени тез кошуу үчүн Ctrl+Enter басыңыз'
      },
      editorToolbar: {
        publishing: 'Жарыяланууда...',
        publish: 'Жарыялоо',
        published: 'Жарыяланды',
        unpublish: 'Жарыялоодон алып салуу',
        duplicate: 'Көчүрмөсүн түзүү',
        unpublishing: 'Жарыялоодон алынууда...',
        publishAndCreateNew: 'Жарыялап, жаңысын түзүү',
        publishAndDuplicate: 'Жарыялап, көчүрмөсүн түзүү',
        deleteUnpublishedChanges: 'Жарыяланбаган өзгөртүүлөрдү өчүрүү',
        deleteUnpublishedEntry: 'Жарыяланбаган жазууну өчүрүү',
        deletePublishedEntry: 'Жарыяланган жазууну өчүрүү',
        deleteEntry: 'Жазууну өчүрүү',
        saving: 'Сакталууда...',
        save: 'Сактоо',
        statusInfoTooltipDraft: 'Жазуу долбоор абалында. Аны бүтүрүп, текшерүүгө жөнөтүү үчүн абалын «Текшерүүдө» кылыңыз',
        statusInfoTooltipInReview: 'Жазуу текшерилүүдө, башка эч нерсе кылуунун кереги жок. Бирок текшерилип жатканда да өзгөртө аласыз.',
        deleting: 'Өчүрүлүүдө...',
        updating: 'Жаңыртылууда...',
        status: 'Абалы: %{status}',
        backCollection: ' %{collectionLabel} бөлүмүндө жазуу',
        unsavedChanges: 'Сакталбаган өзгөртүүлөр',
        changesSaved: 'Өзгөртүүлөр сакталды',
        draft: 'Долбоор',
        inReview: 'Текшерүүдө',
        ready: 'Даяр',
        publishNow: 'Азыр жарыялоо',
        deployPreviewPendingButtonLabel: 'Алдын ала көрүүнү текшерүү',
        deployPreviewButtonLabel: 'Алдын ала көрүү',
        deployButtonLabel: 'Сайттан көрүү'
      },
      editorWidgets: {
        markdown: {
          bold: 'Жоон',
          italic: 'Кыйшык',
          strikethrough: 'Сызылган',
          code: 'Код',
          link: 'Шилтеме',
          linkPrompt: 'Шилтеменин дарегин жазыңыз',
          headings: 'Аталыштар',
          quote: 'Цитата',
          bulletedList: 'Белгиленген тизме',
          numberedList: 'Номерленген тизме',
          addComponent: 'Компонент кошуу',
          richText: 'Форматталган текст',
          markdown: 'Markdown',
          toggleMode: {
            rich: 'Форматталган текстке өтүү',
            markdown: 'Markdown режимине өтүү'
          }
        },
        image: {
          choose: 'Сүрөт тандоо',
          chooseMultiple: 'Сүрөттөрдү тандоо',
          chooseUrl: 'Даректен кошуу',
          replaceUrl: 'Дарек менен алмаштыруу',
          promptUrl: 'Сүрөттүн дарегин жазыңыз',
          chooseDifferent: 'Башка сүрөт тандоо',
          addMore: 'Дагы сүрөт кошуу',
          remove: 'Сүрөттү алып салуу',
          removeAll: 'Бардык сүрөттөрдү алып салуу'
        },
        file: {
          choose: 'Файл тандоо',
          chooseUrl: 'Даректен кошуу',
          chooseMultiple: 'Файлдарды тандоо',
          replaceUrl: 'Дарек менен алмаштыруу',
          promptUrl: 'Файлдын дарегин жазыңыз',
          chooseDifferent: 'Башка файл тандоо',
          addMore: 'Дагы файл кошуу',
          remove: 'Файлды алып салуу',
          removeAll: 'Бардык файлдарды алып салуу'
        },
        unknownControl: {
          noControl: '«%{widget}» виджети үчүн башкаруу элементи жок.'
        },
        unknownPreview: {
          noPreview: '«%{widget}» виджети үчүн алдын ала көрүү жок.'
        },
        headingOptions: {
          headingOne: '1-аталыш',
          headingTwo: '2-аталыш',
          headingThree: '3-аталыш',
          headingFour: '4-аталыш',
          headingFive: '5-аталыш',
          headingSix: '6-аталыш'
        },
        datetime: {
          now: 'Азыр',
          clear: 'Тазалоо',
          setToNow: '«%{fieldLabel}» үчүн азыркы убакытты коюу'
        },
        list: {
          add: 'Кошуу: %{item}',
          addType: 'Кошуу: %{item}'
        },
        object: {
          expand: 'Ачуу',
          collapse: 'Жыйноо'
        }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {
        draft: 'Долбоор',
        copy: 'Көчүрүү',
        copyUrl: 'Даректи көчүрүү',
        copyPath: 'Жолду көчүрүү',
        copyName: 'Атын көчүрүү',
        copied: 'Көчүрүлдү'
      },
      mediaLibrary: {
        onDelete: 'Тандалган медиа файлдарды чындап өчүрөсүзбү?',
        fileTooLarge: 'Файл өтө чоң.\n%{size} кБдан чоң файлдарга уруксат жок.'
      },
      mediaLibraryModal: {
        loading: 'Жүктөлүүдө...',
        close: 'Жабуу',
        noResults: 'Эч нерсе табылган жок.',
        noAssetsFound: 'Файлдар табылган жок.',
        noImagesFound: 'Сүрөттөр табылган жок.',
        private: 'Жеке ',
        images: 'Сүрөттөр',
        mediaAssets: 'Медиа файлдар',
        search: 'Издөө...',
        uploading: 'Жүктөлүүдө...',
        upload: 'Жүктөө',
        download: 'Жүктөп алуу',
        deleting: 'Өчүрүлүүдө...',
        deleteSelected: 'Тандалгандарды өчүрүү',
        chooseSelected: 'Тандалгандарды колдонуу'
      }
    },
    ui: {
      default: {
        goBackToSite: 'Сайтка кайтуу'
      },
      errorBoundary: {
        title: 'Ката',
        details: 'Ката кетти. Сураныч, ',
        reportIt: 'GitHubда бул тууралуу билдириңиз.',
        detailsHeading: 'Толугураак',
        privacyWarning: 'Билдирүүгө катанын тексти жана оңдоо үчүн маалымат кошулат.\nМаалымат туура экенин текшерип, купуя маалымат болсо алып салыңыз.',
        recoveredEntry: {
          heading: 'Калыбына келтирилген документ',
          warning: 'Бул барактан кетүүдөн мурун муну бир жерге көчүрүп коюңуз!',
          copyButtonLabel: 'Алмашуу буферине көчүрүү'
        }
      },
      settingsDropdown: {
        logOut: 'Чыгуу',
        account: 'Аккаунттун жөндөөлөрү'
      },
      toast: {
        onFailToLoadEntries: 'Жазууну жүктөө мүмкүн болбоду: %{details}',
        onFailToLoadDeployPreview: 'Алдын ала көрүүнү жүктөө мүмкүн болбоду: %{details}',
        onFailToPersist: 'Жазууну сактоо мүмкүн болбоду: %{details}',
        onFailToDelete: 'Жазууну өчүрүү мүмкүн болбоду: %{details}',
        onFailToUpdateStatus: 'Абалын өзгөртүү мүмкүн болбоду: %{details}',
        missingRequiredField: 'Милдеттүү талаа толтурулган жок. Сактоодон мурун толтуруңуз.',
        entrySaved: 'Жазуу сакталды',
        entryPublished: 'Жазуу жарыяланды',
        entryUnpublished: 'Жазуу жарыялоодон алынды',
        onFailToPublishEntry: 'Жарыялоо мүмкүн болбоду: %{details}',
        onFailToUnpublishEntry: 'Жарыялоодон алуу мүмкүн болбоду: %{details}',
        entryUpdated: 'Жазуунун абалы өзгөрдү',
        onDeleteUnpublishedChanges: 'Жарыяланбаган өзгөртүүлөр өчүрүлдү',
        noteAdded: 'Эскертме кошулду',
        onFailToAddNote: 'Эскертмени кошуу мүмкүн болбоду: %{details}',
        noteUpdated: 'Эскертме жаңыртылды',
        onFailToUpdateNote: 'Эскертмени жаңыртуу мүмкүн болбоду: %{details}',
        noteDeleted: 'Эскертме өчүрүлдү',
        onFailToDeleteNote: 'Эскертмени өчүрүү мүмкүн болбоду: %{details}',
        noteResolved: 'Эскертме чечилди',
        noteReopened: 'Эскертме кайра ачылды',
        onFailToToggleNote: 'Эскертменин абалын өзгөртүү мүмкүн болбоду: %{details}',
        onFailToAuth: '%{details}',
        onLoggedOut: 'Сиз чыгып калдыңыз: маалыматтын камдык көчүрмөсүн сактап, кайра кириңиз',
        onBackendDown: 'Сервер азыр иштебей жатат. Толугураак: %{details}'
      }
    },
    workflow: {
      workflow: {
        loading: 'Иштин жүрүшүндөгү жазуулар жүктөлүүдө',
        workflowHeading: 'Редакциялык иштин жүрүшү',
        newPost: 'Жаңы жазуу',
        description: '%{smart_count} жазуу текшерүүнү күтүп турат, %{readyCount} жарыялоого даяр. |||| %{smart_count} жазуу текшерүүнү күтүп турат, %{readyCount} жарыялоого даяр. ',
        dateFormat: 'D MMMM'
      },
      workflowCard: {
        lastChange: '%{date}, %{author}',
        lastChangeNoAuthor: '%{date}',
        lastChangeNoDate: '%{author}',
        deleteChanges: 'Өзгөртүүлөрдү өчүрүү',
        deleteNewEntry: 'Жаңы жазууну өчүрүү',
        publishChanges: 'Өзгөртүүлөрдү жарыялоо',
        publishNewEntry: 'Жаңы жазууну жарыялоо'
      },
      workflowList: {
        onDeleteEntry: 'Бул жазууну чындап өчүрөсүзбү?',
        onPublishingNotReadyEntry: '«Даяр» абалындагы жазууларды гана жарыялоого болот. Жарыялоо үчүн карточканы «Даяр» тилкесине сүйрөңүз.',
        onPublishEntry: 'Бул жазууну чындап жарыялайсызбы?',
        draftHeader: 'Долбоорлор',
        inReviewHeader: 'Текшерүүдө',
        readyHeader: 'Даяр',
        currentEntries: '%{smart_count} жазуу |||| %{smart_count} жазуу'
      }
    }
  });
})();
